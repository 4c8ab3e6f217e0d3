<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BanDialog</name>
    <message>
        <source>Kick and ban</source>
        <translation>Kick and ban</translation>
    </message>
    <message>
        <source>Remove %1 from the chat room and keep them out?</source>
        <translation>Remove %1 from the chat room and keep them out?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n members from the chat room and keep them out?</source>
        <translation>
            <numerusform>Remove %n member from the chat room and keep them out?</numerusform>
            <numerusform>Remove %n members from the chat room and keep them out?</numerusform>
        </translation>
    </message>
    <message>
        <source>Ban their addresses too</source>
        <translation>Ban their addresses too</translation>
    </message>
    <message>
        <source>Ban the address %1 too</source>
        <translation>Ban the address %1 too</translation>
    </message>
    <message>
        <source>Nobody can connect from a banned address, other people on the same computer or network included</source>
        <translation>Nobody can connect from a banned address, other people on the same computer or network included</translation>
    </message>
    <message>
        <source>A banned nickname is refused in every spelling that looks the same. Bans end when the server stops.</source>
        <translation>A banned nickname is refused in every spelling that looks the same. Bans end when the server stops.</translation>
    </message>
    <message>
        <source>Ban &amp;for:</source>
        <translation>Ban &amp;for:</translation>
    </message>
    <message>
        <source>Permanently</source>
        <translation>Permanently</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>No address is known on this server: only the nickname is banned</source>
        <translation>No address is known on this server: only the nickname is banned</translation>
    </message>
</context>
<context>
    <name>BanPanel</name>
    <message>
        <source>Bans</source>
        <translation>Bans</translation>
    </message>
    <message>
        <source>&amp;Unban</source>
        <translation>&amp;Unban</translation>
    </message>
    <message>
        <source>Let the selected names and addresses in again</source>
        <translation>Let the selected names and addresses in again</translation>
    </message>
</context>
<context>
    <name>BanTableModel</name>
    <message>
        <source>(any)</source>
        <extracomment>The ban list&apos;s name column for a ban on an address alone.</extracomment>
        <translation>(any)</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>Nickname</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Until</source>
        <extracomment>The ban list&apos;s column: when each ban ends.</extracomment>
        <translation>Until</translation>
    </message>
</context>
<context>
    <name>ConfigFile</name>
    <message>
        <source>Cannot read the config file %1.</source>
        <translation>Cannot read the config file %1.</translation>
    </message>
    <message>
        <source>The config file %1 is not a valid INI file.</source>
        <translation>The config file %1 is not a valid INI file.</translation>
    </message>
    <message>
        <source>%1: unknown setting &quot;%2&quot;.</source>
        <translation>%1: unknown setting &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is true or false, not &quot;%3&quot;.</source>
        <translation>%1: &quot;%2&quot; is true or false, not &quot;%3&quot;.</translation>
    </message>
</context>
<context>
    <name>LogWriter</name>
    <message numerus="yes">
        <source>%n log line(s) dropped: the output was not read fast enough</source>
        <translation>
            <numerusform>%n log line dropped: the output was not read fast enough</numerusform>
            <numerusform>%n log lines dropped: the output was not read fast enough</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Nickname</source>
        <translation>Nickname</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Joined at</source>
        <translation>Joined at</translation>
    </message>
    <message>
        <source>Chat messages this member has sent to the room</source>
        <translation>Chat messages this member has sent to the room</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>%1 (disconnected)</source>
        <extracomment>The member table&apos;s address column for a member whose connection dropped and whose seat is kept for a resume; %1 is the address it had.</extracomment>
        <translation>%1 (disconnected)</translation>
    </message>
    <message>
        <source>The connection dropped. The seat is kept for a while so that the member can come back without leaving the room.</source>
        <translation>The connection dropped. The seat is kept for a while so that the member can come back without leaving the room.</translation>
    </message>
    <message>
        <source>this machine (local socket)</source>
        <extracomment>The member table&apos;s address column for a member on the server&apos;s own machine, connected over the local socket (--local).</extracomment>
        <translation>this machine (local socket)</translation>
    </message>
    <message>
        <source>another server</source>
        <extracomment>The member table&apos;s address column for a member connected to another server that serves the same room (a room shared through Redis): its address is not known here.</extracomment>
        <translation>another server</translation>
    </message>
    <message>
        <source>Served by another server of the shared room: its address and its message count are known only there.</source>
        <translation>Served by another server of the shared room: its address and its message count are known only there.</translation>
    </message>
</context>
<context>
    <name>RedisConnection</name>
    <message>
        <source>Redis at %1 did not answer within %2 ms</source>
        <translation>Redis at %1 did not answer within %2 ms</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>out of memory</translation>
    </message>
    <message>
        <source>Redis at %1 refused the password: %2</source>
        <translation>Redis at %1 refused the password: %2</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>the connection was closed</translation>
    </message>
</context>
<context>
    <name>RedisRoomStream</name>
    <message>
        <source>Redis did not answer a read within %1 ms</source>
        <translation>Redis did not answer a read within %1 ms</translation>
    </message>
    <message>
        <source>Redis refused the room&apos;s script: %1</source>
        <translation>Redis refused the room&apos;s script: %1</translation>
    </message>
    <message>
        <source>Redis could not identify the room: %1</source>
        <translation>Redis could not identify the room: %1</translation>
    </message>
    <message>
        <source>Redis refused to read the room: %1</source>
        <translation>Redis refused to read the room: %1</translation>
    </message>
    <message>
        <source>Redis refused to read the room&apos;s history: %1</source>
        <translation>Redis refused to read the room&apos;s history: %1</translation>
    </message>
    <message>
        <source>the room&apos;s stream holds an entry %1 that is not a room event</source>
        <translation>the room&apos;s stream holds an entry %1 that is not a room event</translation>
    </message>
    <message>
        <source>Redis is not available</source>
        <translation>Redis is not available</translation>
    </message>
</context>
<context>
    <name>ServerCertificate</name>
    <message>
        <source>Cannot read the TLS certificate %1: %2</source>
        <translation>Cannot read the TLS certificate %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 holds no PEM certificate.</translation>
    </message>
    <message>
        <source>Cannot read the TLS key %1: %2</source>
        <translation>Cannot read the TLS key %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM private key.</source>
        <translation>%1 holds no unencrypted PEM private key.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the TLS certificate.</source>
        <translation>Cannot create the folder %1 for the TLS certificate.</translation>
    </message>
    <message>
        <source>Cannot make a TLS key: OpenSSL failed.</source>
        <translation>Cannot make a TLS key: OpenSSL failed.</translation>
    </message>
    <message>
        <source>Cannot sign the TLS certificate: OpenSSL failed.</source>
        <translation>Cannot sign the TLS certificate: OpenSSL failed.</translation>
    </message>
    <message>
        <source>Cannot encode the TLS certificate: OpenSSL failed.</source>
        <translation>Cannot encode the TLS certificate: OpenSSL failed.</translation>
    </message>
    <message>
        <source>Cannot write the TLS key %1: %2</source>
        <translation>Cannot write the TLS key %1: %2</translation>
    </message>
    <message>
        <source>Cannot write the TLS certificate %1: %2</source>
        <translation>Cannot write the TLS certificate %1: %2</translation>
    </message>
</context>
<context>
    <name>ServerEventFormatter</name>
    <message>
        <source>%1 joined the chat room</source>
        <translation>%1 joined the chat room</translation>
    </message>
    <message>
        <source>%1 left the chat room</source>
        <translation>%1 left the chat room</translation>
    </message>
    <message>
        <source>%1 left the chat room (connection lost)</source>
        <translation>%1 left the chat room (connection lost)</translation>
    </message>
    <message>
        <source>%1 left the chat room (removed by the administrator)</source>
        <translation>%1 left the chat room (removed by the administrator)</translation>
    </message>
    <message>
        <source>%1 left the chat room (timed out)</source>
        <translation>%1 left the chat room (timed out)</translation>
    </message>
    <message>
        <source>%1 left the chat room (connection too slow)</source>
        <translation>%1 left the chat room (connection too slow)</translation>
    </message>
    <message>
        <source>%1 left the chat room (protocol error)</source>
        <translation>%1 left the chat room (protocol error)</translation>
    </message>
    <message>
        <source>%1 left the chat room (sending too fast)</source>
        <translation>%1 left the chat room (sending too fast)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>A member speaks: %1 is the nickname, %2 what they said.</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Admin says: %1</source>
        <extracomment>The server&apos;s administrator speaks to everyone: %1 is the text.</extracomment>
        <translation>Admin says: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>Who a server notice is about: %1 is a nickname, %2 its address and port.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refused the nickname “%1” from %2: %3</source>
        <extracomment>%1 is the nickname asked for, %2 the address, %3 why it was refused.</extracomment>
        <translation>Refused the nickname “%1” from %2: %3</translation>
    </message>
    <message>
        <source>Closed the connection of %1: %2</source>
        <extracomment>%1 is who (a nickname and address, or just an address), %2 why.</extracomment>
        <translation>Closed the connection of %1: %2</translation>
    </message>
    <message>
        <source>Refused a message from %1: %2</source>
        <extracomment>%1 is who sent it, %2 why nothing reached the room.</extracomment>
        <translation>Refused a message from %1: %2</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>quit</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>connection lost</translation>
    </message>
    <message>
        <source>removed by the administrator</source>
        <translation>removed by the administrator</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <source>connection too slow</source>
        <translation>connection too slow</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>protocol error</translation>
    </message>
    <message>
        <source>sending too fast</source>
        <translation>sending too fast</translation>
    </message>
    <message>
        <source>unknown reason %1</source>
        <translation>unknown reason %1</translation>
    </message>
    <message>
        <source>the nickname is taken</source>
        <translation>the nickname is taken</translation>
    </message>
    <message>
        <source>the nickname is not valid</source>
        <translation>the nickname is not valid</translation>
    </message>
    <message>
        <source>the nickname is reserved</source>
        <translation>the nickname is reserved</translation>
    </message>
    <message>
        <source>unsupported protocol version</source>
        <translation>unsupported protocol version</translation>
    </message>
    <message>
        <source>the chat room is full</source>
        <translation>the chat room is full</translation>
    </message>
    <message>
        <source>malformed message</source>
        <translation>malformed message</translation>
    </message>
    <message>
        <source>frame too large</source>
        <translation>frame too large</translation>
    </message>
    <message>
        <source>spoke before joining</source>
        <translation>spoke before joining</translation>
    </message>
    <message>
        <source>the server is shutting down</source>
        <translation>the server is shutting down</translation>
    </message>
    <message>
        <source>silent for too long</source>
        <translation>silent for too long</translation>
    </message>
    <message>
        <source>too slow to keep up, dropped</source>
        <translation>too slow to keep up, dropped</translation>
    </message>
    <message>
        <source>no nickname in time</source>
        <translation>no nickname in time</translation>
    </message>
    <message>
        <source>unknown error %1</source>
        <translation>unknown error %1</translation>
    </message>
    <message>
        <source>text too long</source>
        <translation>text too long</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>empty text</translation>
    </message>
    <message>
        <source>sending too fast, told to slow down</source>
        <translation>sending too fast, told to slow down</translation>
    </message>
    <message>
        <source>unknown message type</source>
        <translation>unknown message type</translation>
    </message>
    <message>
        <source>unknown notice %1</source>
        <translation>unknown notice %1</translation>
    </message>
    <message>
        <source>Chat room “%1” is open on %2</source>
        <extracomment>%1 is the room&apos;s title, %2 where it listens (&quot;192.0.2.1:9527&quot; or &quot;every address, port 9527&quot;).</extracomment>
        <translation>Chat room “%1” is open on %2</translation>
    </message>
    <message>
        <source>Could not listen on %1: %2</source>
        <extracomment>%1 is the address and port, %2 the system&apos;s reason (often English).</extracomment>
        <translation>Could not listen on %1: %2</translation>
    </message>
    <message>
        <source>Shutting down: telling every member and closing the connections…</source>
        <translation>Shutting down: telling every member and closing the connections…</translation>
    </message>
    <message>
        <source>The server has stopped</source>
        <translation>The server has stopped</translation>
    </message>
    <message>
        <source>every address, port %1</source>
        <translation>every address, port %1</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <extracomment>A member changed nickname: %1 the old one, %2 the new one.</extracomment>
        <translation>%1 is now known as %2</translation>
    </message>
    <message>
        <source>renamed</source>
        <translation>renamed</translation>
    </message>
    <message>
        <source>could not resume</source>
        <translation>could not resume</translation>
    </message>
    <message>
        <source>wrong or missing room password</source>
        <translation>wrong or missing room password</translation>
    </message>
    <message>
        <source>new nickname taken</source>
        <translation>new nickname taken</translation>
    </message>
    <message>
        <source>new nickname not valid</source>
        <translation>new nickname not valid</translation>
    </message>
    <message>
        <source>new nickname reserved</source>
        <translation>new nickname reserved</translation>
    </message>
    <message>
        <source>no history kept</source>
        <translation>no history kept</translation>
    </message>
    <message>
        <source>Out of file descriptors: no new connections until one closes</source>
        <translation>Out of file descriptors: no new connections until one closes</translation>
    </message>
    <message numerus="yes">
        <source>Room for %n member(s)</source>
        <translation>
            <numerusform>Room for %n member</numerusform>
            <numerusform>Room for %n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Room for %n member(s) (open files limit: %1)</source>
        <extracomment>%1 is the process&apos;s limit on open files (ulimit -n).</extracomment>
        <translation>
            <numerusform>Room for %n member (open files limit: %1)</numerusform>
            <numerusform>Room for %n members (open files limit: %1)</numerusform>
        </translation>
    </message>
    <message>
        <source>too many connections from one address waiting to join</source>
        <translation>too many connections from one address waiting to join</translation>
    </message>
    <message>
        <source>too many new connections from one address</source>
        <translation>too many new connections from one address</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n connection(s), the first from %1: %2</source>
        <extracomment>%n connections were closed before a Hello; %1 is the first one&apos;s address, %2 why.</extracomment>
        <translation>
            <numerusform>Refused %n connection from %1: %2</numerusform>
            <numerusform>Refused %n connections, the first from %1: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepting connections failed (%1); trying again in a second</source>
        <extracomment>%1 is the system&apos;s reason.</extracomment>
        <translation>Accepting connections failed (%1); trying again in a second</translation>
    </message>
    <message numerus="yes">
        <source>%1 (×%n more)</source>
        <extracomment>A summary of repeated server notices: %1 is the first one&apos;s line, %n how many more like it came since.</extracomment>
        <translation>
            <numerusform>%1 (×%n more)</numerusform>
            <numerusform>%1 (×%n more)</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused the banned nickname “%1” from %2</source>
        <extracomment>%1 is the nickname asked for, %2 the address it came from.</extracomment>
        <translation>Refused the banned nickname “%1” from %2</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n connection(s) from a banned address, the first from %1</source>
        <extracomment>%n connections from banned addresses were closed; %1 is the first one&apos;s address.</extracomment>
        <translation>
            <numerusform>Refused %n connection from a banned address, the first from %1</numerusform>
            <numerusform>Refused %n connections from a banned address, the first from %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Banned %1 for good</source>
        <extracomment>%1 is who was banned: a nickname, an address, or both.</extracomment>
        <translation>Banned %1 for good</translation>
    </message>
    <message>
        <source>Banned %1 until %2</source>
        <extracomment>%1 is who was banned, %2 the date and time the ban ends.</extracomment>
        <translation>Banned %1 until %2</translation>
    </message>
    <message>
        <source>Lifted the ban on %1</source>
        <extracomment>%1 is who may come back: a nickname, an address, or both.</extracomment>
        <translation>Lifted the ban on %1</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>permanent</translation>
    </message>
    <message numerus="yes">
        <source>Closed %n connection(s) that had not joined, to make room for new ones; the first from %1</source>
        <extracomment>%n connections that had not joined were closed; %1 is the first one&apos;s address.</extracomment>
        <translation>
            <numerusform>Closed %n connection that had not joined, to make room for new ones; it was from %1</numerusform>
            <numerusform>Closed %n connections that had not joined, to make room for new ones; the first from %1</numerusform>
        </translation>
    </message>
    <message>
        <source>TLS is open on %1; certificate SHA-256 fingerprint %2</source>
        <extracomment>%1 is where TLS listens (&quot;every address, port 9528&quot;), %2 the certificate&apos;s SHA-256 fingerprint, &quot;AB:CD:...&quot; (32 pairs).</extracomment>
        <translation>TLS is open on %1; certificate SHA-256 fingerprint %2</translation>
    </message>
    <message>
        <source>Made a new self-signed TLS certificate in %1</source>
        <extracomment>%1 is a folder.</extracomment>
        <translation>Made a new self-signed TLS certificate in %1</translation>
    </message>
    <message>
        <source>The local socket is open at %1</source>
        <extracomment>%1 is the local socket&apos;s file, e.g. /tmp/chatroom.</extracomment>
        <translation>The local socket is open at %1</translation>
    </message>
    <message>
        <source>Could not open the local socket %1: %2</source>
        <extracomment>%1 is the local socket&apos;s name, %2 the system&apos;s reason (often English).</extracomment>
        <translation>Could not open the local socket %1: %2</translation>
    </message>
    <message>
        <source>The admin socket for chatroomctl is open at %1</source>
        <extracomment>%1 is the admin socket&apos;s file, e.g. /run/chatroom/admin.sock.</extracomment>
        <translation>The admin socket for chatroomctl is open at %1</translation>
    </message>
    <message>
        <source>Cannot open the admin socket %1: %2</source>
        <extracomment>%1 is the admin socket&apos;s file, %2 the system&apos;s reason (often English).</extracomment>
        <translation>Cannot open the admin socket %1: %2</translation>
    </message>
    <message>
        <source>Cannot open the admin socket %1: %2. The server runs without it, so chatroomctl cannot reach it; choose another with --admin-socket.</source>
        <extracomment>%1 is the admin socket&apos;s file, %2 the system&apos;s reason (often English).</extracomment>
        <translation>Cannot open the admin socket %1: %2. The server runs without it, so chatroomctl cannot reach it; choose another with --admin-socket.</translation>
    </message>
    <message>
        <source>chatroomctl: kicked %1</source>
        <extracomment>An administrator removed the member %1 with the chatroomctl command.</extracomment>
        <translation>chatroomctl: kicked %1</translation>
    </message>
    <message>
        <source>chatroomctl: sent the broadcast above</source>
        <extracomment>The administrator&apos;s message in the line before came from the chatroomctl command.</extracomment>
        <translation>chatroomctl: sent the broadcast above</translation>
    </message>
    <message>
        <source>chatroomctl: %1</source>
        <extracomment>%1 is what was done, e.g. &quot;Banned 张三 until 14:30&quot;; chatroomctl is a command&apos;s name.</extracomment>
        <translation>chatroomctl: %1</translation>
    </message>
    <message>
        <source>Refused an admin connection from an unknown user: only the server&apos;s user and root may use chatroomctl</source>
        <translation>Refused an admin connection from an unknown user: only the server&apos;s user and root may use chatroomctl</translation>
    </message>
    <message>
        <source>Refused an admin connection from user %1: only the server&apos;s user and root may use chatroomctl</source>
        <extracomment>%1 is a numeric user id.</extracomment>
        <translation>Refused an admin connection from user %1: only the server&apos;s user and root may use chatroomctl</translation>
    </message>
    <message>
        <source>the shared room was unavailable</source>
        <translation>the shared room was unavailable</translation>
    </message>
    <message>
        <source>Cannot reach the shared room at %1: %2</source>
        <extracomment>%1 is the Redis address without its password, %2 the reason (often English).</extracomment>
        <translation>Cannot reach the shared room at %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Serving the room shared at %1, with %n member(s) in it</source>
        <extracomment>%1 is the Redis address without its password.</extracomment>
        <translation>
            <numerusform>Serving the room shared at %1, with %n member in it</numerusform>
            <numerusform>Serving the room shared at %1, with %n members in it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerLogView</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
</context>
<context>
    <name>ServerOptions</name>
    <message>
        <source>The chat room server.</source>
        <translation>The chat room server.</translation>
    </message>
    <message>
        <source>Listen on &lt;address&gt; (default: any).</source>
        <translation>Listen on &lt;address&gt; (default: any).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>address</translation>
    </message>
    <message>
        <source>Listen on &lt;port&gt; (default: %1).</source>
        <translation>Listen on &lt;port&gt; (default: %1).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>The room&apos;s &lt;title&gt;.</source>
        <translation>The room&apos;s &lt;title&gt;.</translation>
    </message>
    <message>
        <source>title</source>
        <translation>title</translation>
    </message>
    <message>
        <source>Chatroom</source>
        <translation>Chatroom</translation>
    </message>
    <message>
        <source>Largest frame in &lt;bytes&gt; (default: %1).</source>
        <translation>Largest frame in &lt;bytes&gt; (default: %1).</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>seconds</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
    <message>
        <source>Run without a window, logging to stdout.</source>
        <translation>Run without a window, logging to stdout.</translation>
    </message>
    <message>
        <source>User interface &lt;language&gt;: zh_CN or en.</source>
        <translation>User interface &lt;language&gt;: zh_CN or en.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>language</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use zh_CN or en.</source>
        <translation>Unknown language &quot;%1&quot;: use zh_CN or en.</translation>
    </message>
    <message>
        <source>Not an IP address: %1</source>
        <translation>Not an IP address: %1</translation>
    </message>
    <message>
        <source>Not a port number: %1</source>
        <translation>Not a port number: %1</translation>
    </message>
    <message>
        <source>The room title must have 1 to %1 characters.</source>
        <translation>The room title must have 1 to %1 characters.</translation>
    </message>
    <message>
        <source>--max-frame must be between %1 and %2 bytes.</source>
        <translation>--max-frame must be between %1 and %2 bytes.</translation>
    </message>
    <message>
        <source>--flood-limit must be 0 or more.</source>
        <translation>--flood-limit must be 0 or more.</translation>
    </message>
    <message>
        <source>--send-queue must be at least %1 bytes.</source>
        <translation>--send-queue must be at least %1 bytes.</translation>
    </message>
    <message>
        <source>--max-members must be 1 or more.</source>
        <translation>--max-members must be 1 or more.</translation>
    </message>
    <message>
        <source>Close connections that do not join within &lt;seconds&gt; (default: %1).</source>
        <translation>Close connections that do not join within &lt;seconds&gt; (default: %1).</translation>
    </message>
    <message>
        <source>Drop members silent for &lt;seconds&gt; (default: %1).</source>
        <translation>Drop members silent for &lt;seconds&gt; (default: %1).</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; messages per member in the flood window; 0 turns flood control off (default: %1).</source>
        <translation>At most &lt;count&gt; messages per member in the flood window; 0 turns flood control off (default: %1).</translation>
    </message>
    <message>
        <source>The flood window in &lt;seconds&gt; (default: %1).</source>
        <translation>The flood window in &lt;seconds&gt; (default: %1).</translation>
    </message>
    <message>
        <source>Drop members more than &lt;bytes&gt; behind (default: %1).</source>
        <translation>Drop members more than &lt;bytes&gt; behind (default: %1).</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; members (default: %1).</source>
        <translation>At most &lt;count&gt; members (default: %1).</translation>
    </message>
    <message>
        <source>--%1 must be more than 0 and at most %2 seconds.</source>
        <extracomment>%1 is the option, %2 the largest number of seconds (about 24.8 days).</extracomment>
        <translation>--%1 must be more than 0 and at most %2 seconds.</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>backend</translation>
    </message>
    <message>
        <source>The &lt;directory&gt; of the transcript database (default: %1).</source>
        <translation>The &lt;directory&gt; of the transcript database (default: %1).</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>directory</translation>
    </message>
    <message>
        <source>Keep the newest &lt;count&gt; events (default: %1 on disk, %2 in memory).</source>
        <translation>Keep the newest &lt;count&gt; events (default: %1 on disk, %2 in memory).</translation>
    </message>
    <message>
        <source>Forget events older than &lt;days&gt;; 0 keeps them (default: 0).</source>
        <translation>Forget events older than &lt;days&gt;; 0 keeps them (default: 0).</translation>
    </message>
    <message>
        <source>days</source>
        <translation>days</translation>
    </message>
    <message>
        <source>Send at most &lt;count&gt; earlier messages to a member who joins or pages back; 0 turns history off (default: %1).</source>
        <translation>Send at most &lt;count&gt; earlier messages to a member who joins or pages back; 0 turns history off (default: %1).</translation>
    </message>
    <message>
        <source>Hold a dropped member&apos;s place for &lt;seconds&gt; so it can resume without anyone noticing; 0 turns resume off (default: %1).</source>
        <translation>Hold a dropped member&apos;s place for &lt;seconds&gt; so it can resume without anyone noticing; 0 turns resume off (default: %1).</translation>
    </message>
    <message>
        <source>Admit only members who give the password on the first line of &lt;file&gt;.</source>
        <translation>Admit only members who give the password on the first line of &lt;file&gt;.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
    <message>
        <source>--history-keep must be 1 or more.</source>
        <translation>--history-keep must be 1 or more.</translation>
    </message>
    <message>
        <source>--history-days must be between 0 and 100000.</source>
        <translation>--history-days must be between 0 and 100000.</translation>
    </message>
    <message>
        <source>--history must be between 0 and 65535.</source>
        <translation>--history must be between 0 and 65535.</translation>
    </message>
    <message>
        <source>--resume-grace must be 0 or more and at most %1 seconds.</source>
        <translation>--resume-grace must be 0 or more and at most %1 seconds.</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2</source>
        <translation>Cannot read the password file %1: %2</translation>
    </message>
    <message>
        <source>The password file %1 has no password on its first line.</source>
        <translation>The password file %1 has no password on its first line.</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; connections that have not joined; a new one closes the oldest (default: %1, 0: no limit).</source>
        <translation>At most &lt;count&gt; connections that have not joined; a new one closes the oldest (default: %1, 0: no limit).</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; connections not joined from one address (default: %1, 0: no limit).</source>
        <translation>At most &lt;count&gt; connections not joined from one address (default: %1, 0: no limit).</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; new connections from one address in the connection window (default: %1, 0: no limit).</source>
        <translation>At most &lt;count&gt; new connections from one address in the connection window (default: %1, 0: no limit).</translation>
    </message>
    <message>
        <source>The connection window in &lt;seconds&gt; (default: %1).</source>
        <translation>The connection window in &lt;seconds&gt; (default: %1).</translation>
    </message>
    <message>
        <source>Apply the per-address limits to connections from this machine too.</source>
        <translation>Apply the per-address limits to connections from this machine too.</translation>
    </message>
    <message>
        <source>Close a connection after &lt;count&gt; refused nicknames (default: %1, 0: no limit).</source>
        <translation>Close a connection after &lt;count&gt; refused nicknames (default: %1, 0: no limit).</translation>
    </message>
    <message>
        <source>--%1 must be 0 or more.</source>
        <translation>--%1 must be 0 or more.</translation>
    </message>
    <message>
        <source>Also listen for TLS on &lt;port&gt; (default: %1). TLS is off unless --tls-port, --cert or --key is given.</source>
        <translation>Also listen for TLS on &lt;port&gt; (default: %1). TLS is off unless --tls-port, --cert or --key is given.</translation>
    </message>
    <message>
        <source>The TLS certificate, a PEM &lt;file&gt; (default: a self-signed one made in the data directory).</source>
        <translation>The TLS certificate, a PEM &lt;file&gt; (default: a self-signed one made in the data directory).</translation>
    </message>
    <message>
        <source>The TLS certificate&apos;s private key, an unencrypted PEM &lt;file&gt;.</source>
        <translation>The TLS certificate&apos;s private key, an unencrypted PEM &lt;file&gt;.</translation>
    </message>
    <message>
        <source>--tls-port must differ from --port.</source>
        <translation>--tls-port must differ from --port.</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert and --key go together.</translation>
    </message>
    <message>
        <source>Also listen on the local socket &lt;name&gt;, for clients on this machine (a file in the temporary directory unless &lt;name&gt; is an absolute path).</source>
        <translation>Also listen on the local socket &lt;name&gt;, for clients on this machine (a file in the temporary directory unless &lt;name&gt; is an absolute path).</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>How bytes are written to plain TCP members: direct (sendmsg, the default where it exists) or device (through Qt&apos;s socket, as for TLS and local sockets).</source>
        <translation>How bytes are written to plain TCP members: direct (sendmsg, the default where it exists) or device (through Qt&apos;s socket, as for TLS and local sockets).</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>kind</translation>
    </message>
    <message>
        <source>--local needs a name.</source>
        <translation>--local needs a name.</translation>
    </message>
    <message>
        <source>--sender must be direct or device.</source>
        <translation>--sender must be direct or device.</translation>
    </message>
    <message>
        <source>The admin socket chatroomctl talks to, a &lt;path&gt; only this user and root can use (default: %1); none turns it off.</source>
        <translation>The admin socket chatroomctl talks to, a &lt;path&gt; only this user and root can use (default: %1); none turns it off.</translation>
    </message>
    <message>
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <source>--admin-socket needs a path, or none.</source>
        <translation>--admin-socket needs a path, or none.</translation>
    </message>
    <message>
        <source>Read options from the INI &lt;file&gt; (keys are the long option names, e.g. port = 9527); the command line overrides it.</source>
        <translation>Read options from the INI &lt;file&gt; (keys are the long option names, e.g. port = 9527); the command line overrides it.</translation>
    </message>
    <message>
        <source>The headless log&apos;s &lt;format&gt;: text (one line per event) or json (one object per line, for log collectors) (default: text).</source>
        <translation>The headless log&apos;s &lt;format&gt;: text (one line per event) or json (one object per line, for log collectors) (default: text).</translation>
    </message>
    <message>
        <source>format</source>
        <translation>format</translation>
    </message>
    <message>
        <source>--log-format must be text or json.</source>
        <translation>--log-format must be text or json.</translation>
    </message>
    <message>
        <source>Where the room&apos;s transcript is kept: sqlite (a file in the data directory, kept across restarts), memory, or a room shared with other servers through Redis: redis://HOST[:PORT]/ROOM or unix:///PATH/redis.sock?room=ROOM (default: sqlite).</source>
        <translation>Where the room&apos;s transcript is kept: sqlite (a file in the data directory, kept across restarts), memory, or a room shared with other servers through Redis: redis://HOST[:PORT]/ROOM or unix:///PATH/redis.sock?room=ROOM (default: sqlite).</translation>
    </message>
    <message>
        <source>The --log address is not usable: %1</source>
        <translation>The --log address is not usable: %1</translation>
    </message>
    <message>
        <source>Unknown --log &quot;%1&quot;: use sqlite, memory or a redis:// address.</source>
        <translation>Unknown --log &quot;%1&quot;: use sqlite, memory or a redis:// address.</translation>
    </message>
    <message>
        <source>With a room shared through Redis: after &lt;seconds&gt; without this server&apos;s heartbeat the other servers take it for dead, and its members leave once the resume grace has passed too (default: %1).</source>
        <translation>With a room shared through Redis: after &lt;seconds&gt; without this server&apos;s heartbeat the other servers take it for dead, and its members leave once the resume grace has passed too (default: %1).</translation>
    </message>
    <message>
        <source>--shared-lease must be at least 0.1 and at most %1 seconds.</source>
        <translation>--shared-lease must be at least 0.1 and at most %1 seconds.</translation>
    </message>
</context>
<context>
    <name>ServerStartup</name>
    <message>
        <source>no answer within 10 seconds</source>
        <translation>no answer within 10 seconds</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>&amp;Kick…</source>
        <translation>&amp;Kick…</translation>
    </message>
    <message>
        <source>Remove the selected members from the chat room</source>
        <translation>Remove the selected members from the chat room</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Event log</translation>
    </message>
    <message>
        <source>A message from the administrator to everyone</source>
        <translation>A message from the administrator to everyone</translation>
    </message>
    <message>
        <source>&amp;Broadcast:</source>
        <translation>&amp;Broadcast:</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Listening on %1</translation>
    </message>
    <message>
        <source>%1 messages/s</source>
        <translation>%1 messages/s</translation>
    </message>
    <message>
        <source>Remove %1 from the chat room?</source>
        <translation>Remove %1 from the chat room?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n members from the chat room?</source>
        <translation>
            <numerusform>Remove %n member from the chat room?</numerusform>
            <numerusform>Remove %n members from the chat room?</numerusform>
        </translation>
    </message>
    <message>
        <source>Kick</source>
        <translation>Kick</translation>
    </message>
    <message>
        <source>They can join again.</source>
        <translation>They can join again.</translation>
    </message>
    <message>
        <source>The message was not sent: it is empty or longer than %1 characters</source>
        <translation>The message was not sent: it is empty or longer than %1 characters</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message>
        <source>Close the chat room</source>
        <translation>Close the chat room</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) are in the chat room. Close it and disconnect everyone?</source>
        <translation>
            <numerusform>%n member is in the chat room. Close it and disconnect everyone?</numerusform>
            <numerusform>%n members are in the chat room. Close it and disconnect everyone?</numerusform>
        </translation>
    </message>
    <message>
        <source>They will rejoin by themselves when the server is back.</source>
        <translation>They will rejoin by themselves when the server is back.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Earlier in this room</source>
        <extracomment>Under the room&apos;s past, read back from the log, above the lines that follow live.</extracomment>
        <translation>Earlier in this room</translation>
    </message>
    <message>
        <source>%1 lost the connection; the seat is kept for a while</source>
        <extracomment>%1 is a nickname. Protocol 1.1: the member may reconnect and carry on.</extracomment>
        <translation>%1 lost the connection; the seat is kept for a while</translation>
    </message>
    <message>
        <source>%1 is back from %2</source>
        <extracomment>%1 is a nickname, %2 the address it reconnected from.</extracomment>
        <translation>%1 is back from %2</translation>
    </message>
    <message>
        <source>Kick and &amp;ban…</source>
        <translation>Kick and &amp;ban…</translation>
    </message>
    <message>
        <source>Remove the selected members and keep their nicknames and addresses out</source>
        <translation>Remove the selected members and keep their nicknames and addresses out</translation>
    </message>
    <message>
        <source>, TLS on port %1</source>
        <extracomment>Appended to &quot;Listening on ...&quot; in the status bar; %1 is the TLS port.</extracomment>
        <translation>, TLS on port %1</translation>
    </message>
    <message>
        <source>, local socket %1</source>
        <extracomment>Appended to &quot;Listening on ...&quot; in the status bar; %1 is the local socket&apos;s file.</extracomment>
        <translation>, local socket %1</translation>
    </message>
</context>
<context>
    <name>TranscriptSearch</name>
    <message>
        <source>Search the transcript…</source>
        <translation>Search the transcript…</translation>
    </message>
    <message numerus="yes">
        <source>The newest %n match(es)</source>
        <translation>
            <numerusform>The newest %n match</numerusform>
            <numerusform>The newest %n matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chatroom server</source>
        <translation>Chatroom server</translation>
    </message>
</context>
</TS>

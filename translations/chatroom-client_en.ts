<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Unknown server certificate</source>
        <translation>Unknown server certificate</translation>
    </message>
    <message>
        <source>The authenticity of %1 can&apos;t be established: this computer has not connected to it securely before.</source>
        <translation>The authenticity of %1 can&apos;t be established: this computer has not connected to it securely before.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint of its certificate:</source>
        <translation>SHA-256 fingerprint of its certificate:</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint the server shows in its window or log. Connect only if they are the same; it will be remembered for this server.</source>
        <translation>Compare it with the fingerprint the server shows in its window or log. Connect only if they are the same; it will be remembered for this server.</translation>
    </message>
    <message>
        <source>&amp;Trust and connect</source>
        <translation>&amp;Trust and connect</translation>
    </message>
    <message>
        <source>Server certificate changed</source>
        <translation>Server certificate changed</translation>
    </message>
    <message>
        <source>Warning: the certificate of %1 is not the one remembered for it. Someone may be intercepting the connection, or the server was given a new certificate. The connection was refused.</source>
        <translation>Warning: the certificate of %1 is not the one remembered for it. Someone may be intercepting the connection, or the server was given a new certificate. The connection was refused.</translation>
    </message>
    <message>
        <source>Remembered SHA-256 fingerprint:</source>
        <translation>Remembered SHA-256 fingerprint:</translation>
    </message>
    <message>
        <source>Fingerprint the server offers now:</source>
        <translation>Fingerprint the server offers now:</translation>
    </message>
    <message>
        <source>Trust the new certificate only if the server&apos;s administrator confirms this fingerprint.</source>
        <translation>Trust the new certificate only if the server&apos;s administrator confirms this fingerprint.</translation>
    </message>
    <message>
        <source>Trust the &amp;new certificate</source>
        <translation>Trust the &amp;new certificate</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Disconnect</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>The connection timed out.</source>
        <translation>The connection timed out.</translation>
    </message>
    <message>
        <source>the server&apos;s certificate was not accepted</source>
        <translation>the server&apos;s certificate was not accepted</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnecting in %n s</numerusform>
            <numerusform>Reconnecting in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>Change &amp;server or name…</source>
        <translation>Change &amp;server or name…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Reconnect</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Not in the chat room; the message was not sent</source>
        <translation>Not in the chat room; the message was not sent</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) online</source>
        <translation>
            <numerusform>%n member online</numerusform>
            <numerusform>%n members online</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat room</source>
        <translation>Chat room</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <extracomment>The window title: %1 is the room&apos;s title, %2 the user&apos;s nickname.</extracomment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Change &amp;nickname…</source>
        <translation>Change &amp;nickname…</translation>
    </message>
    <message>
        <source>The server has shut down; you will rejoin by yourself when it is back</source>
        <translation>The server has shut down; you will rejoin by yourself when it is back</translation>
    </message>
    <message>
        <source>Change nickname</source>
        <translation>Change nickname</translation>
    </message>
    <message>
        <source>New nickname:</source>
        <translation>New nickname:</translation>
    </message>
    <message>
        <source>Encrypted (TLS)</source>
        <translation>Encrypted (TLS)</translation>
    </message>
    <message>
        <source>Type a message: Enter sends, Shift+Enter starts a new line</source>
        <translation>Type a message: Enter sends, Shift+Enter starts a new line</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>&amp;Save transcript…</source>
        <translation>&amp;Save transcript…</translation>
    </message>
    <message>
        <source>chat-%1.txt</source>
        <extracomment>The suggested file name; %1 is the date and time.</extracomment>
        <translation>chat-%1.txt</translation>
    </message>
    <message>
        <source>Save transcript</source>
        <translation>Save transcript</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <source>The transcript could not be saved: %1</source>
        <translation>The transcript could not be saved: %1</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>Emoji</translation>
    </message>
</context>
<context>
    <name>EventFormatter</name>
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
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 joined the chat room</source>
        <translation>%1 joined the chat room</translation>
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
        <source>That nickname is taken, please choose another</source>
        <translation>That nickname is taken, please choose another</translation>
    </message>
    <message>
        <source>The server does not accept this nickname, please choose another</source>
        <translation>The server does not accept this nickname, please choose another</translation>
    </message>
    <message>
        <source>That nickname is reserved, please choose another</source>
        <translation>That nickname is reserved, please choose another</translation>
    </message>
    <message>
        <source>The server does not support this version of the client</source>
        <translation>The server does not support this version of the client</translation>
    </message>
    <message>
        <source>The chat room is full, please try again later</source>
        <translation>The chat room is full, please try again later</translation>
    </message>
    <message>
        <source>The server refused to let you in</source>
        <translation>The server refused to let you in</translation>
    </message>
    <message>
        <source>The message was too long and was not sent</source>
        <translation>The message was too long and was not sent</translation>
    </message>
    <message>
        <source>An empty message was not sent</source>
        <translation>An empty message was not sent</translation>
    </message>
    <message>
        <source>You are sending too fast; the message was not sent</source>
        <translation>You are sending too fast; the message was not sent</translation>
    </message>
    <message>
        <source>The server did not understand a message from this client</source>
        <translation>The server did not understand a message from this client</translation>
    </message>
    <message>
        <source>The server sent a notice</source>
        <translation>The server sent a notice</translation>
    </message>
    <message>
        <source>The server could not read a message from this client</source>
        <translation>The server could not read a message from this client</translation>
    </message>
    <message>
        <source>A message was too large for the server</source>
        <translation>A message was too large for the server</translation>
    </message>
    <message>
        <source>Not in the chat room yet</source>
        <translation>Not in the chat room yet</translation>
    </message>
    <message>
        <source>The administrator removed you from the chat room</source>
        <translation>The administrator removed you from the chat room</translation>
    </message>
    <message>
        <source>The server is shutting down</source>
        <translation>The server is shutting down</translation>
    </message>
    <message>
        <source>The server closed the connection after a long silence</source>
        <translation>The server closed the connection after a long silence</translation>
    </message>
    <message>
        <source>The connection is too slow to keep up with the chat room</source>
        <translation>The connection is too slow to keep up with the chat room</translation>
    </message>
    <message>
        <source>Disconnected for sending too fast</source>
        <translation>Disconnected for sending too fast</translation>
    </message>
    <message>
        <source>The server waited too long for a nickname</source>
        <translation>The server waited too long for a nickname</translation>
    </message>
    <message>
        <source>The server reported an error</source>
        <translation>The server reported an error</translation>
    </message>
    <message>
        <source>You left the chat room</source>
        <translation>You left the chat room</translation>
    </message>
    <message>
        <source>The connection to the server was lost</source>
        <translation>The connection to the server was lost</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>Could not connect to the server</translation>
    </message>
    <message>
        <source>The server has shut down</source>
        <translation>The server has shut down</translation>
    </message>
    <message>
        <source>The server closed the connection</source>
        <translation>The server closed the connection</translation>
    </message>
    <message>
        <source>The server sent data this client cannot read</source>
        <translation>The server sent data this client cannot read</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>Joining…</translation>
    </message>
    <message>
        <source>In the chat room</source>
        <translation>In the chat room</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <source>The server refused the connection; is it running?</source>
        <translation>The server refused the connection; is it running?</translation>
    </message>
    <message>
        <source>The server&apos;s address could not be found</source>
        <translation>The server&apos;s address could not be found</translation>
    </message>
    <message>
        <source>The server did not answer in time</source>
        <translation>The server did not answer in time</translation>
    </message>
    <message>
        <source>The network is unreachable</source>
        <translation>The network is unreachable</translation>
    </message>
    <message>
        <source>Could not connect to the server: %1</source>
        <translation>Could not connect to the server: %1</translation>
    </message>
    <message>
        <source>Please enter a nickname</source>
        <translation>Please enter a nickname</translation>
    </message>
    <message>
        <source>A nickname has at most %1 characters</source>
        <translation>A nickname has at most %1 characters</translation>
    </message>
    <message>
        <source>A nickname cannot contain control or invisible characters</source>
        <translation>A nickname cannot contain control or invisible characters</translation>
    </message>
    <message>
        <source>A nickname needs a visible character, and no blanks other than spaces</source>
        <translation>A nickname needs a visible character, and no blanks other than spaces</translation>
    </message>
    <message>
        <source>A nickname cannot mix these writing systems, e.g. Latin letters with Cyrillic or Greek ones</source>
        <translation>A nickname cannot mix these writing systems, e.g. Latin letters with Cyrillic or Greek ones</translation>
    </message>
    <message>
        <source>Type a message first</source>
        <translation>Type a message first</translation>
    </message>
    <message>
        <source>The message is too long: at most %1 characters</source>
        <translation>The message is too long: at most %1 characters</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <extracomment>A member changed nickname: %1 the old one, %2 the new one.</extracomment>
        <translation>%1 is now known as %2</translation>
    </message>
    <message>
        <source>Could not pick up where you left off; joining again</source>
        <translation>Could not pick up where you left off; joining again</translation>
    </message>
    <message>
        <source>This chat room needs the right password</source>
        <translation>This chat room needs the right password</translation>
    </message>
    <message>
        <source>This server keeps no earlier messages</source>
        <translation>This server keeps no earlier messages</translation>
    </message>
    <message>
        <source>The server did not let you into the chat room in time</source>
        <translation>The server did not let you into the chat room in time</translation>
    </message>
    <message>
        <source>The server sent more than this client accepts (too many members, too much history or too long a text)</source>
        <translation>The server sent more than this client accepts (too many members, too much history or too long a text)</translation>
    </message>
    <message>
        <source>The room cannot be reached right now; the message was not sent</source>
        <translation>The room cannot be reached right now; the message was not sent</translation>
    </message>
    <message>
        <source>None of the servers could be reached:</source>
        <translation>None of the servers could be reached:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>server tried</comment>
        <extracomment>One server a join tried: %1 its address, %2 why it could not be reached.</extracomment>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join a chat room</source>
        <translation>Join a chat room</translation>
    </message>
    <message>
        <source>Up to %1 characters</source>
        <translation>Up to %1 characters</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Join</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Nickname:</source>
        <translation>&amp;Nickname:</translation>
    </message>
    <message>
        <source>Only if the room has one</source>
        <translation>Only if the room has one</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <source>%1 is not on this computer, and this connection is not encrypted: anyone on the network could read the password. Press Join again to send it anyway.</source>
        <translation>%1 is not on this computer, and this connection is not encrypted: anyone on the network could read the password. Press Join again to send it anyway.</translation>
    </message>
    <message>
        <source>&amp;Secure connection (TLS)</source>
        <translation>&amp;Secure connection (TLS)</translation>
    </message>
    <message>
        <source>Encrypted, with the server&apos;s certificate checked against the one accepted the first time (default port %1)</source>
        <translation>Encrypted, with the server&apos;s certificate checked against the one accepted the first time (default port %1)</translation>
    </message>
    <message>
        <source>Waiting for you to check the server&apos;s certificate…</source>
        <translation>Waiting for you to check the server&apos;s certificate…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>A host name or address, or local:NAME for a server on this computer&apos;s local socket. Several servers of one room are separated by commas, each with its own port if need be: a.example,b.example:9530,[::1]:9527</source>
        <translation>A host name or address, or local:NAME for a server on this computer&apos;s local socket. Several servers of one room are separated by commas, each with its own port if need be: a.example,b.example:9530,[::1]:9527</translation>
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <source>sending… %1</source>
        <extracomment>A Say queued or on its way, not yet confirmed by the server; %1 is its text.</extracomment>
        <translation>sending… %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerList</name>
    <message>
        <source>Please enter the server&apos;s address</source>
        <translation>Please enter the server&apos;s address</translation>
    </message>
    <message>
        <source>%1 is in the list twice</source>
        <translation>%1 is in the list twice</translation>
    </message>
    <message>
        <source>The server list has an empty entry: remove the extra comma</source>
        <translation>The server list has an empty entry: remove the extra comma</translation>
    </message>
    <message>
        <source>Please enter the local server&apos;s name after local:</source>
        <translation>Please enter the local server&apos;s name after local:</translation>
    </message>
    <message>
        <source>“%1” has a space in it: separate servers with commas</source>
        <translation>“%1” has a space in it: separate servers with commas</translation>
    </message>
    <message>
        <source>The port in “%1” must be a number from 1 to 65535</source>
        <translation>The port in “%1” must be a number from 1 to 65535</translation>
    </message>
    <message>
        <source>“%1” is not an IPv6 address in brackets, such as [::1]:9527</source>
        <translation>“%1” is not an IPv6 address in brackets, such as [::1]:9527</translation>
    </message>
    <message>
        <source>“%1” has a port but no host</source>
        <translation>“%1” has a port but no host</translation>
    </message>
    <message>
        <source>“%1” is not an address; an IPv6 address with a port is written [address]:port</source>
        <translation>“%1” is not an address; an IPv6 address with a port is written [address]:port</translation>
    </message>
</context>
<context>
    <name>TranscriptDelegate</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>Edit</source>
        <extracomment>Under a message the server would refuse again as it is: back into the input.</extracomment>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Retry</source>
        <extracomment>Under a message that was not sent: send the same text again.</extracomment>
        <translation>Retry</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>earlier messages</source>
        <translation>earlier messages</translation>
    </message>
    <message>
        <source>older messages are no longer kept</source>
        <translation>older messages are no longer kept</translation>
    </message>
    <message>
        <source>Sent too fast; not sent</source>
        <extracomment>Under a message the server refused: it came too soon after the last ones.</extracomment>
        <translation>Sent too fast; not sent</translation>
    </message>
    <message>
        <source>Too long; not sent</source>
        <translation>Too long; not sent</translation>
    </message>
    <message>
        <source>Nothing to send; not sent</source>
        <translation>Nothing to send; not sent</translation>
    </message>
    <message>
        <source>Not sent</source>
        <extracomment>Under a message that went out while the connection was lost and never arrived.</extracomment>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Room unavailable; not sent</source>
        <extracomment>Under a message the server could not pass on: the room it shares with other servers was out of reach for a moment.</extracomment>
        <translation>Room unavailable; not sent</translation>
    </message>
</context>
<context>
    <name>TranscriptSearchBar</name>
    <message>
        <source>Find in the conversation</source>
        <translation>Find in the conversation</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Previous match (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Next match (Enter)</translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation>Close the search (Esc)</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No match</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message numerus="yes">
        <source>↓ %n new message(s)</source>
        <translation>
            <numerusform>↓ %n new message</numerusform>
            <numerusform>↓ %n new messages</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Copy with &amp;name and time</source>
        <translation>Copy with &amp;name and time</translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation>&amp;Quote</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Discard</translation>
    </message>
</context>
<context>
    <name>WindowAttention</name>
    <message>
        <source>Show &amp;notifications</source>
        <translation>Show &amp;notifications</translation>
    </message>
    <message>
        <source>Announcement from the administrator</source>
        <translation>Announcement from the administrator</translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <extracomment>A notification&apos;s title: %1 is who wrote the member&apos;s name.</extracomment>
        <translation>%1 mentioned you</translation>
    </message>
    <message numerus="yes">
        <source>Chat room: %n unread message(s)</source>
        <translation>
            <numerusform>Chat room: %n unread message</numerusform>
            <numerusform>Chat room: %n unread messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat room</source>
        <translation>Chat room</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A group chat room client.</source>
        <translation>A group chat room client.</translation>
    </message>
    <message>
        <source>host</source>
        <translation>host</translation>
    </message>
    <message>
        <source>The server&apos;s port.</source>
        <translation>The server&apos;s port.</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>The nickname to join as.</source>
        <translation>The nickname to join as.</translation>
    </message>
    <message>
        <source>nickname</source>
        <translation>nickname</translation>
    </message>
    <message>
        <source>The language: zh_CN or en (default: the system&apos;s).</source>
        <translation>The language: zh_CN or en (default: the system&apos;s).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>language</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>The port must be a number from 1 to 65535.</translation>
    </message>
    <message>
        <source>Join at once, without the dialog (needs --name, and --host with --port or --tls, or --local).</source>
        <translation>Join at once, without the dialog (needs --name, and --host with --port or --tls, or --local).</translation>
    </message>
    <message>
        <source>Connect over TLS (default port 9528). The server&apos;s certificate is shown to be checked the first time, and must be the same one on every later connection.</source>
        <translation>Connect over TLS (default port 9528). The server&apos;s certificate is shown to be checked the first time, and must be the same one on every later connection.</translation>
    </message>
    <message>
        <source>Connect to the server on this computer&apos;s local socket with this name.</source>
        <translation>Connect to the server on this computer&apos;s local socket with this name.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>The server&apos;s address; or several servers of one room, separated by commas and tried in turn, each as host, host:port or [IPv6]:port.</source>
        <translation>The server&apos;s address; or several servers of one room, separated by commas and tried in turn, each as host, host:port or [IPv6]:port.</translation>
    </message>
</context>
</TS>

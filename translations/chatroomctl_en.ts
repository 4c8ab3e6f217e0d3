<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AdminClient</name>
    <message>
        <source>run chatroomctl as the server&apos;s user or as root (sudo chatroomctl)</source>
        <translation>run chatroomctl as the server&apos;s user or as root (sudo chatroomctl)</translation>
    </message>
    <message>
        <source>No admin socket at %1: is the server running, and is this its socket (see --socket)?</source>
        <translation>No admin socket at %1: is the server running, and is this its socket (see --socket)?</translation>
    </message>
    <message>
        <source>Nothing answers on %1: the server has stopped, or the file was left by one that died.</source>
        <translation>Nothing answers on %1: the server has stopped, or the file was left by one that died.</translation>
    </message>
    <message>
        <source>Permission denied on %1: %2.</source>
        <translation>Permission denied on %1: %2.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Cannot connect to %1: %2</translation>
    </message>
    <message>
        <source>The server at %1 did not answer in time.</source>
        <translation>The server at %1 did not answer in time.</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection without answering.</source>
        <translation>The server at %1 closed the connection without answering.</translation>
    </message>
</context>
<context>
    <name>CtlCommandLine</name>
    <message>
        <source>Controls a running chatroom-serverd or chatroom-server through its admin socket.</source>
        <translation>Controls a running chatroom-serverd or chatroom-server through its admin socket.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commands:</translation>
    </message>
    <message>
        <source>the room at a glance: members, messages per second, uptime, log size</source>
        <translation>the room at a glance: members, messages per second, uptime, log size</translation>
    </message>
    <message>
        <source>who is in the room</source>
        <translation>who is in the room</translation>
    </message>
    <message>
        <source>say TEXT to the room as the administrator</source>
        <translation>say TEXT to the room as the administrator</translation>
    </message>
    <message>
        <source>remove a member from the room</source>
        <translation>remove a member from the room</translation>
    </message>
    <message>
        <source>kick NAME and keep the name (and its address) out; see --duration, --name-only</source>
        <translation>kick NAME and keep the name (and its address) out; see --duration, --name-only</translation>
    </message>
    <message>
        <source>lift the ban with this number (see bans)</source>
        <translation>lift the ban with this number (see bans)</translation>
    </message>
    <message>
        <source>the bans in force</source>
        <translation>the bans in force</translation>
    </message>
    <message>
        <source>The server&apos;s admin socket &lt;path&gt; (default: the first of %1 that exists).</source>
        <translation>The server&apos;s admin socket &lt;path&gt; (default: the first of %1 that exists).</translation>
    </message>
    <message>
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <source>Print the server&apos;s JSON response as it is, one line.</source>
        <translation>Print the server&apos;s JSON response as it is, one line.</translation>
    </message>
    <message>
        <source>Output &lt;language&gt;: zh_CN or en.</source>
        <translation>Output &lt;language&gt;: zh_CN or en.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>language</translation>
    </message>
    <message>
        <source>ban: for how long, e.g. 10m, 1h, 1d or permanent (default: 10m, as the window).</source>
        <translation>ban: for how long, e.g. 10m, 1h, 1d or permanent (default: 10m, as the window).</translation>
    </message>
    <message>
        <source>time</source>
        <translation>time</translation>
    </message>
    <message>
        <source>ban: the name alone, not the member&apos;s address.</source>
        <translation>ban: the name alone, not the member&apos;s address.</translation>
    </message>
    <message>
        <source>What to do (see Commands above).</source>
        <translation>What to do (see Commands above).</translation>
    </message>
    <message>
        <source>command [arguments]</source>
        <translation>command [arguments]</translation>
    </message>
    <message>
        <source>--socket needs a path.</source>
        <translation>--socket needs a path.</translation>
    </message>
    <message>
        <source>No command given; see chatroomctl --help.</source>
        <translation>No command given; see chatroomctl --help.</translation>
    </message>
    <message>
        <source>--duration and --name-only go with ban only.</source>
        <translation>--duration and --name-only go with ban only.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 takes no arguments.</translation>
    </message>
    <message>
        <source>broadcast needs the text to send.</source>
        <translation>broadcast needs the text to send.</translation>
    </message>
    <message>
        <source>%1 needs one member&apos;s name (quote a name with spaces).</source>
        <translation>%1 needs one member&apos;s name (quote a name with spaces).</translation>
    </message>
    <message>
        <source>Not a duration: %1 (use e.g. 10m, 1h, 1d or permanent).</source>
        <translation>Not a duration: %1 (use e.g. 10m, 1h, 1d or permanent).</translation>
    </message>
    <message>
        <source>unban needs the number of a ban (see chatroomctl bans).</source>
        <translation>unban needs the number of a ban (see chatroomctl bans).</translation>
    </message>
    <message>
        <source>Unknown command: %1 (see chatroomctl --help).</source>
        <translation>Unknown command: %1 (see chatroomctl --help).</translation>
    </message>
</context>
<context>
    <name>CtlPrinter</name>
    <message>
        <source>Kicked %1.</source>
        <translation>Kicked %1.</translation>
    </message>
    <message>
        <source>Sent to the room.</source>
        <translation>Sent to the room.</translation>
    </message>
    <message>
        <source>Lifted ban %1 on %2.</source>
        <translation>Lifted ban %1 on %2.</translation>
    </message>
    <message>
        <source>Banned %1 for good (ban %2).</source>
        <translation>Banned %1 for good (ban %2).</translation>
    </message>
    <message>
        <source>Banned %1 until %2 (ban %3).</source>
        <translation>Banned %1 until %2 (ban %3).</translation>
    </message>
    <message>
        <source>The member was in the room and has been kicked.</source>
        <translation>The member was in the room and has been kicked.</translation>
    </message>
    <message>
        <source>The server said no: %1</source>
        <extracomment>%1 is the server&apos;s reason, in English (it is part of a contract scripts read).</extracomment>
        <translation>The server said no: %1</translation>
    </message>
    <message>
        <source>%1 d %2 h %3 min</source>
        <extracomment>Uptime: %1 days, %2 hours, %3 minutes, %4 seconds.</extracomment>
        <translation>%1 d %2 h %3 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>in memory, %1 events</source>
        <translation>in memory, %1 events</translation>
    </message>
    <message>
        <source>%1, %2, %3 events</source>
        <translation>%1, %2, %3 events</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>%1 of %2, %3 detached (holding a seat for a resume)</source>
        <translation>%1 of %2, %3 detached (holding a seat for a resume)</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connections</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>Messages per second</translation>
    </message>
    <message>
        <source>%1 (%2 since the start)</source>
        <translation>%1 (%2 since the start)</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Uptime</translation>
    </message>
    <message>
        <source>%1, since %2</source>
        <translation>%1, since %2</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Listening</translation>
    </message>
    <message>
        <source>Bans</source>
        <translation>Bans</translation>
    </message>
    <message>
        <source>Admin socket</source>
        <translation>Admin socket</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>TCP %1:%2</source>
        <translation>TCP %1:%2</translation>
    </message>
    <message>
        <source>TLS port %1 (fingerprint %2)</source>
        <translation>TLS port %1 (fingerprint %2)</translation>
    </message>
    <message>
        <source>local socket %1</source>
        <translation>local socket %1</translation>
    </message>
    <message>
        <source>Nobody is in the room.</source>
        <translation>Nobody is in the room.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>Joined</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>this machine (local socket)</source>
        <translation>this machine (local socket)</translation>
    </message>
    <message>
        <source>detached</source>
        <translation>detached</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>connected</translation>
    </message>
    <message>
        <source>No bans.</source>
        <translation>No bans.</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>Ban</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>permanent</translation>
    </message>
    <message>
        <source>another server</source>
        <extracomment>A member connected to another server that serves the same room (a room shared through Redis): its address is known only there.</extracomment>
        <translation>another server</translation>
    </message>
</context>
</TS>

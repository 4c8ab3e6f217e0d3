<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminClient</name>
    <message>
        <source>run chatroomctl as the server&apos;s user or as root (sudo chatroomctl)</source>
        <translation>请以服务器的用户或 root 身份运行 chatroomctl（sudo chatroomctl）</translation>
    </message>
    <message>
        <source>No admin socket at %1: is the server running, and is this its socket (see --socket)?</source>
        <translation>%1 处没有管理套接字：服务器在运行吗？这是它的套接字吗（见 --socket）？</translation>
    </message>
    <message>
        <source>Nothing answers on %1: the server has stopped, or the file was left by one that died.</source>
        <translation>%1 没有应答：服务器已停止，或者这个文件是已退出的服务器留下的。</translation>
    </message>
    <message>
        <source>Permission denied on %1: %2.</source>
        <translation>无权访问 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>The server at %1 did not answer in time.</source>
        <translation>%1 上的服务器没有及时应答。</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection without answering.</source>
        <translation>%1 上的服务器未应答就关闭了连接。</translation>
    </message>
</context>
<context>
    <name>CtlCommandLine</name>
    <message>
        <source>Controls a running chatroom-serverd or chatroom-server through its admin socket.</source>
        <translation>通过管理套接字控制正在运行的 chatroom-serverd 或 chatroom-server。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>the room at a glance: members, messages per second, uptime, log size</source>
        <translation>聊天室概况：成员、每秒消息数、运行时间、记录大小</translation>
    </message>
    <message>
        <source>who is in the room</source>
        <translation>聊天室里有谁</translation>
    </message>
    <message>
        <source>say TEXT to the room as the administrator</source>
        <translation>以管理员身份向聊天室发送 TEXT</translation>
    </message>
    <message>
        <source>remove a member from the room</source>
        <translation>将成员踢出聊天室</translation>
    </message>
    <message>
        <source>kick NAME and keep the name (and its address) out; see --duration, --name-only</source>
        <translation>踢出 NAME 并封禁该昵称（及其地址）；见 --duration、--name-only</translation>
    </message>
    <message>
        <source>lift the ban with this number (see bans)</source>
        <translation>解除此编号的封禁（见 bans）</translation>
    </message>
    <message>
        <source>the bans in force</source>
        <translation>生效中的封禁</translation>
    </message>
    <message>
        <source>The server&apos;s admin socket &lt;path&gt; (default: the first of %1 that exists).</source>
        <translation>服务器的管理套接字 &lt;路径&gt;（默认：%1 中第一个存在的）。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Print the server&apos;s JSON response as it is, one line.</source>
        <translation>原样输出服务器的 JSON 应答，一行。</translation>
    </message>
    <message>
        <source>Output &lt;language&gt;: zh_CN or en.</source>
        <translation>输出语言 &lt;语言&gt;：zh_CN 或 en。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>ban: for how long, e.g. 10m, 1h, 1d or permanent (default: 10m, as the window).</source>
        <translation>ban：封禁多久，例如 10m、1h、1d 或 permanent（默认：10m，与窗口相同）。</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>ban: the name alone, not the member&apos;s address.</source>
        <translation>ban：只封禁昵称，不封禁成员的地址。</translation>
    </message>
    <message>
        <source>What to do (see Commands above).</source>
        <translation>要做什么（见上面的命令）。</translation>
    </message>
    <message>
        <source>command [arguments]</source>
        <translation>命令 [参数]</translation>
    </message>
    <message>
        <source>--socket needs a path.</source>
        <translation>--socket 需要一个路径。</translation>
    </message>
    <message>
        <source>No command given; see chatroomctl --help.</source>
        <translation>没有给出命令；见 chatroomctl --help。</translation>
    </message>
    <message>
        <source>--duration and --name-only go with ban only.</source>
        <translation>--duration 和 --name-only 只能与 ban 一起使用。</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 不接受参数。</translation>
    </message>
    <message>
        <source>broadcast needs the text to send.</source>
        <translation>broadcast 需要要发送的文字。</translation>
    </message>
    <message>
        <source>%1 needs one member&apos;s name (quote a name with spaces).</source>
        <translation>%1 需要一个成员的昵称（含空格的昵称请加引号）。</translation>
    </message>
    <message>
        <source>Not a duration: %1 (use e.g. 10m, 1h, 1d or permanent).</source>
        <translation>不是时长：%1（请用例如 10m、1h、1d 或 permanent）。</translation>
    </message>
    <message>
        <source>unban needs the number of a ban (see chatroomctl bans).</source>
        <translation>unban 需要封禁的编号（见 chatroomctl bans）。</translation>
    </message>
    <message>
        <source>Unknown command: %1 (see chatroomctl --help).</source>
        <translation>未知命令：%1（见 chatroomctl --help）。</translation>
    </message>
</context>
<context>
    <name>CtlPrinter</name>
    <message>
        <source>Kicked %1.</source>
        <translation>已踢出 %1。</translation>
    </message>
    <message>
        <source>Sent to the room.</source>
        <translation>已发送到聊天室。</translation>
    </message>
    <message>
        <source>Lifted ban %1 on %2.</source>
        <translation>已解除对 %2 的封禁 %1。</translation>
    </message>
    <message>
        <source>Banned %1 for good (ban %2).</source>
        <translation>已永久封禁 %1（封禁 %2）。</translation>
    </message>
    <message>
        <source>Banned %1 until %2 (ban %3).</source>
        <translation>已封禁 %1，直到 %2（封禁 %3）。</translation>
    </message>
    <message>
        <source>The member was in the room and has been kicked.</source>
        <translation>该成员当时在聊天室里，已被踢出。</translation>
    </message>
    <message>
        <source>The server said no: %1</source>
        <extracomment>%1 is the server&apos;s reason, in English (it is part of a contract scripts read).</extracomment>
        <translation>服务器拒绝了：%1</translation>
    </message>
    <message>
        <source>%1 d %2 h %3 min</source>
        <extracomment>Uptime: %1 days, %2 hours, %3 minutes, %4 seconds.</extracomment>
        <translation>%1 天 %2 小时 %3 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分钟 %2 秒</translation>
    </message>
    <message>
        <source>in memory, %1 events</source>
        <translation>在内存中，%1 条事件</translation>
    </message>
    <message>
        <source>%1, %2, %3 events</source>
        <translation>%1，%2，%3 条事件</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>%1 of %2, %3 detached (holding a seat for a resume)</source>
        <translation>%1 / %2，%3 个断开（保留位置等待恢复）</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>每秒消息</translation>
    </message>
    <message>
        <source>%1 (%2 since the start)</source>
        <translation>%1（启动以来 %2 条）</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>%1, since %2</source>
        <translation>%1，自 %2 起</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Bans</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>Admin socket</source>
        <translation>管理套接字</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>TCP %1:%2</source>
        <translation>TCP %1:%2</translation>
    </message>
    <message>
        <source>TLS port %1 (fingerprint %2)</source>
        <translation>TLS 端口 %1（指纹 %2）</translation>
    </message>
    <message>
        <source>local socket %1</source>
        <translation>本地套接字 %1</translation>
    </message>
    <message>
        <source>Nobody is in the room.</source>
        <translation>聊天室里没有人。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>this machine (local socket)</source>
        <translation>本机（本地套接字）</translation>
    </message>
    <message>
        <source>detached</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>No bans.</source>
        <translation>没有封禁。</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>直到</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>another server</source>
        <extracomment>A member connected to another server that serves the same room (a room shared through Redis): its address is known only there.</extracomment>
        <translation>其他服务器</translation>
    </message>
</context>
</TS>

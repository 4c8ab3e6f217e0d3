<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BanDialog</name>
    <message>
        <source>Kick and ban</source>
        <translation>请出并封禁</translation>
    </message>
    <message>
        <source>Remove %1 from the chat room and keep them out?</source>
        <translation>将%1请出聊天室并禁止其再进入？</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n members from the chat room and keep them out?</source>
        <translation>
            <numerusform>将 %n 名成员请出聊天室并禁止其再进入？</numerusform>
        </translation>
    </message>
    <message>
        <source>Ban their addresses too</source>
        <translation>同时封禁他们的地址</translation>
    </message>
    <message>
        <source>Ban the address %1 too</source>
        <translation>同时封禁地址 %1</translation>
    </message>
    <message>
        <source>Nobody can connect from a banned address, other people on the same computer or network included</source>
        <translation>被封禁的地址无法再连接，同一台电脑或同一网络里的其他人也一样</translation>
    </message>
    <message>
        <source>A banned nickname is refused in every spelling that looks the same. Bans end when the server stops.</source>
        <translation>被封禁的昵称在任何看起来相同的写法下都会被拒绝。服务器停止后封禁即失效。</translation>
    </message>
    <message>
        <source>Ban &amp;for:</source>
        <translation>封禁时长(&amp;F)：</translation>
    </message>
    <message>
        <source>Permanently</source>
        <translation>永久</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>No address is known on this server: only the nickname is banned</source>
        <translation>本服务器不知道其地址：只封禁昵称</translation>
    </message>
</context>
<context>
    <name>BanPanel</name>
    <message>
        <source>Bans</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>&amp;Unban</source>
        <translation>解除封禁(&amp;U)</translation>
    </message>
    <message>
        <source>Let the selected names and addresses in again</source>
        <translation>允许选中的昵称和地址重新进入</translation>
    </message>
</context>
<context>
    <name>BanTableModel</name>
    <message>
        <source>(any)</source>
        <extracomment>The ban list&apos;s name column for a ban on an address alone.</extracomment>
        <translation>（任意）</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Until</source>
        <extracomment>The ban list&apos;s column: when each ban ends.</extracomment>
        <translation>截止</translation>
    </message>
</context>
<context>
    <name>ConfigFile</name>
    <message>
        <source>Cannot read the config file %1.</source>
        <translation>无法读取配置文件 %1。</translation>
    </message>
    <message>
        <source>The config file %1 is not a valid INI file.</source>
        <translation>配置文件 %1 不是有效的 INI 文件。</translation>
    </message>
    <message>
        <source>%1: unknown setting &quot;%2&quot;.</source>
        <translation>%1：未知设置“%2”。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is true or false, not &quot;%3&quot;.</source>
        <translation>%1：“%2”只能是 true 或 false，不能是“%3”。</translation>
    </message>
</context>
<context>
    <name>LogWriter</name>
    <message numerus="yes">
        <source>%n log line(s) dropped: the output was not read fast enough</source>
        <translation>
            <numerusform>丢弃了 %n 行日志：输出没有被及时读取</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Joined at</source>
        <translation>进入时间</translation>
    </message>
    <message>
        <source>Chat messages this member has sent to the room</source>
        <translation>该成员在聊天室里发出的消息数</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>发言数</translation>
    </message>
    <message>
        <source>%1 (disconnected)</source>
        <extracomment>The member table&apos;s address column for a member whose connection dropped and whose seat is kept for a resume; %1 is the address it had.</extracomment>
        <translation>%1（已断开）</translation>
    </message>
    <message>
        <source>The connection dropped. The seat is kept for a while so that the member can come back without leaving the room.</source>
        <translation>连接已中断。席位会保留一段时间，成员可以回来而不必重新进入聊天室。</translation>
    </message>
    <message>
        <source>this machine (local socket)</source>
        <extracomment>The member table&apos;s address column for a member on the server&apos;s own machine, connected over the local socket (--local).</extracomment>
        <translation>本机（本地套接字）</translation>
    </message>
    <message>
        <source>another server</source>
        <extracomment>The member table&apos;s address column for a member connected to another server that serves the same room (a room shared through Redis): its address is not known here.</extracomment>
        <translation>其他服务器</translation>
    </message>
    <message>
        <source>Served by another server of the shared room: its address and its message count are known only there.</source>
        <translation>由共享聊天室的另一台服务器服务：其地址和消息数只有那台服务器知道。</translation>
    </message>
</context>
<context>
    <name>RedisConnection</name>
    <message>
        <source>Redis at %1 did not answer within %2 ms</source>
        <translation>Redis（%1）在 %2 毫秒内没有应答</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>Redis at %1 refused the password: %2</source>
        <translation>Redis（%1）拒绝了密码：%2</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>连接已关闭</translation>
    </message>
</context>
<context>
    <name>RedisRoomStream</name>
    <message>
        <source>Redis did not answer a read within %1 ms</source>
        <translation>Redis 在 %1 毫秒内没有应答读取</translation>
    </message>
    <message>
        <source>Redis refused the room&apos;s script: %1</source>
        <translation>Redis 拒绝了聊天室的脚本：%1</translation>
    </message>
    <message>
        <source>Redis could not identify the room: %1</source>
        <translation>Redis 无法识别聊天室：%1</translation>
    </message>
    <message>
        <source>Redis refused to read the room: %1</source>
        <translation>Redis 拒绝读取聊天室：%1</translation>
    </message>
    <message>
        <source>Redis refused to read the room&apos;s history: %1</source>
        <translation>Redis 拒绝读取聊天室的历史记录：%1</translation>
    </message>
    <message>
        <source>the room&apos;s stream holds an entry %1 that is not a room event</source>
        <translation>聊天室的流中有一条不是聊天室事件的记录 %1</translation>
    </message>
    <message>
        <source>Redis is not available</source>
        <translation>Redis 不可用</translation>
    </message>
</context>
<context>
    <name>ServerCertificate</name>
    <message>
        <source>Cannot read the TLS certificate %1: %2</source>
        <translation>无法读取 TLS 证书 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>Cannot read the TLS key %1: %2</source>
        <translation>无法读取 TLS 私钥 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM private key.</source>
        <translation>%1 中没有未加密的 PEM 私钥。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the TLS certificate.</source>
        <translation>无法为 TLS 证书创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot make a TLS key: OpenSSL failed.</source>
        <translation>无法生成 TLS 私钥：OpenSSL 出错。</translation>
    </message>
    <message>
        <source>Cannot sign the TLS certificate: OpenSSL failed.</source>
        <translation>无法签署 TLS 证书：OpenSSL 出错。</translation>
    </message>
    <message>
        <source>Cannot encode the TLS certificate: OpenSSL failed.</source>
        <translation>无法编码 TLS 证书：OpenSSL 出错。</translation>
    </message>
    <message>
        <source>Cannot write the TLS key %1: %2</source>
        <translation>无法写入 TLS 私钥 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write the TLS certificate %1: %2</source>
        <translation>无法写入 TLS 证书 %1：%2</translation>
    </message>
</context>
<context>
    <name>ServerEventFormatter</name>
    <message>
        <source>%1 joined the chat room</source>
        <translation>%1进入了聊天室</translation>
    </message>
    <message>
        <source>%1 left the chat room</source>
        <translation>%1退出了聊天室</translation>
    </message>
    <message>
        <source>%1 left the chat room (connection lost)</source>
        <translation>%1退出了聊天室（连接中断）</translation>
    </message>
    <message>
        <source>%1 left the chat room (removed by the administrator)</source>
        <translation>%1被管理员请出了聊天室</translation>
    </message>
    <message>
        <source>%1 left the chat room (timed out)</source>
        <translation>%1退出了聊天室（长时间无响应）</translation>
    </message>
    <message>
        <source>%1 left the chat room (connection too slow)</source>
        <translation>%1退出了聊天室（网络太慢）</translation>
    </message>
    <message>
        <source>%1 left the chat room (protocol error)</source>
        <translation>%1退出了聊天室（协议错误）</translation>
    </message>
    <message>
        <source>%1 left the chat room (sending too fast)</source>
        <translation>%1退出了聊天室（发言过于频繁）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>A member speaks: %1 is the nickname, %2 what they said.</extracomment>
        <translation>%1说：%2</translation>
    </message>
    <message>
        <source>Admin says: %1</source>
        <extracomment>The server&apos;s administrator speaks to everyone: %1 is the text.</extracomment>
        <translation>管理员说：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>Who a server notice is about: %1 is a nickname, %2 its address and port.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Refused the nickname “%1” from %2: %3</source>
        <extracomment>%1 is the nickname asked for, %2 the address, %3 why it was refused.</extracomment>
        <translation>拒绝了来自 %2 的昵称“%1”：%3</translation>
    </message>
    <message>
        <source>Closed the connection of %1: %2</source>
        <extracomment>%1 is who (a nickname and address, or just an address), %2 why.</extracomment>
        <translation>关闭了 %1 的连接：%2</translation>
    </message>
    <message>
        <source>Refused a message from %1: %2</source>
        <extracomment>%1 is who sent it, %2 why nothing reached the room.</extracomment>
        <translation>拒收了 %1 的一条消息：%2</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>主动退出</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>removed by the administrator</source>
        <translation>被管理员请出</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>长时间无响应</translation>
    </message>
    <message>
        <source>connection too slow</source>
        <translation>网络太慢</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>sending too fast</source>
        <translation>发言过于频繁</translation>
    </message>
    <message>
        <source>unknown reason %1</source>
        <translation>未知原因 %1</translation>
    </message>
    <message>
        <source>the nickname is taken</source>
        <translation>昵称已被占用</translation>
    </message>
    <message>
        <source>the nickname is not valid</source>
        <translation>昵称不合规</translation>
    </message>
    <message>
        <source>the nickname is reserved</source>
        <translation>昵称为保留名称</translation>
    </message>
    <message>
        <source>unsupported protocol version</source>
        <translation>不支持的协议版本</translation>
    </message>
    <message>
        <source>the chat room is full</source>
        <translation>聊天室已满</translation>
    </message>
    <message>
        <source>malformed message</source>
        <translation>消息格式错误</translation>
    </message>
    <message>
        <source>frame too large</source>
        <translation>帧过大</translation>
    </message>
    <message>
        <source>spoke before joining</source>
        <translation>未进入聊天室就发言</translation>
    </message>
    <message>
        <source>the server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>silent for too long</source>
        <translation>长时间无响应</translation>
    </message>
    <message>
        <source>too slow to keep up, dropped</source>
        <translation>网络太慢跟不上，已断开</translation>
    </message>
    <message>
        <source>no nickname in time</source>
        <translation>未及时提供昵称</translation>
    </message>
    <message>
        <source>unknown error %1</source>
        <translation>未知错误 %1</translation>
    </message>
    <message>
        <source>text too long</source>
        <translation>消息过长</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>消息为空</translation>
    </message>
    <message>
        <source>sending too fast, told to slow down</source>
        <translation>发言过于频繁，已提醒放慢</translation>
    </message>
    <message>
        <source>unknown message type</source>
        <translation>未知的消息类型</translation>
    </message>
    <message>
        <source>unknown notice %1</source>
        <translation>未知通知 %1</translation>
    </message>
    <message>
        <source>Chat room “%1” is open on %2</source>
        <extracomment>%1 is the room&apos;s title, %2 where it listens (&quot;192.0.2.1:9527&quot; or &quot;every address, port 9527&quot;).</extracomment>
        <translation>聊天室“%1”已开放：%2</translation>
    </message>
    <message>
        <source>Could not listen on %1: %2</source>
        <extracomment>%1 is the address and port, %2 the system&apos;s reason (often English).</extracomment>
        <translation>无法监听 %1：%2</translation>
    </message>
    <message>
        <source>Shutting down: telling every member and closing the connections…</source>
        <translation>正在关闭：通知所有成员并断开连接…</translation>
    </message>
    <message>
        <source>The server has stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <source>every address, port %1</source>
        <translation>所有地址的 %1 端口</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <extracomment>A member changed nickname: %1 the old one, %2 the new one.</extracomment>
        <translation>%1 改名为 %2</translation>
    </message>
    <message>
        <source>renamed</source>
        <translation>改了名</translation>
    </message>
    <message>
        <source>could not resume</source>
        <translation>无法恢复连接</translation>
    </message>
    <message>
        <source>wrong or missing room password</source>
        <translation>聊天室密码错误或缺失</translation>
    </message>
    <message>
        <source>new nickname taken</source>
        <translation>新昵称已被使用</translation>
    </message>
    <message>
        <source>new nickname not valid</source>
        <translation>新昵称无效</translation>
    </message>
    <message>
        <source>new nickname reserved</source>
        <translation>新昵称为保留名称</translation>
    </message>
    <message>
        <source>no history kept</source>
        <translation>不保存历史消息</translation>
    </message>
    <message>
        <source>Out of file descriptors: no new connections until one closes</source>
        <translation>文件描述符已用尽：在有连接关闭之前不再接受新连接</translation>
    </message>
    <message numerus="yes">
        <source>Room for %n member(s)</source>
        <translation>
            <numerusform>可容纳 %n 名成员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Room for %n member(s) (open files limit: %1)</source>
        <extracomment>%1 is the process&apos;s limit on open files (ulimit -n).</extracomment>
        <translation>
            <numerusform>可容纳 %n 名成员（打开文件数上限：%1）</numerusform>
        </translation>
    </message>
    <message>
        <source>too many connections from one address waiting to join</source>
        <translation>同一地址等待进入的连接过多</translation>
    </message>
    <message>
        <source>too many new connections from one address</source>
        <translation>同一地址的新连接过多</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n connection(s), the first from %1: %2</source>
        <extracomment>%n connections were closed before a Hello; %1 is the first one&apos;s address, %2 why.</extracomment>
        <translation>
            <numerusform>拒绝了 %n 个连接，第一个来自 %1：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepting connections failed (%1); trying again in a second</source>
        <extracomment>%1 is the system&apos;s reason.</extracomment>
        <translation>接受连接失败（%1）；一秒后重试</translation>
    </message>
    <message numerus="yes">
        <source>%1 (×%n more)</source>
        <extracomment>A summary of repeated server notices: %1 is the first one&apos;s line, %n how many more like it came since.</extracomment>
        <translation>
            <numerusform>%1（另有 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused the banned nickname “%1” from %2</source>
        <extracomment>%1 is the nickname asked for, %2 the address it came from.</extracomment>
        <translation>拒绝了来自 %2 的已封禁昵称“%1”</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n connection(s) from a banned address, the first from %1</source>
        <extracomment>%n connections from banned addresses were closed; %1 is the first one&apos;s address.</extracomment>
        <translation>
            <numerusform>拒绝了来自已封禁地址的 %n 个连接，第一个来自 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Banned %1 for good</source>
        <extracomment>%1 is who was banned: a nickname, an address, or both.</extracomment>
        <translation>已永久封禁 %1</translation>
    </message>
    <message>
        <source>Banned %1 until %2</source>
        <extracomment>%1 is who was banned, %2 the date and time the ban ends.</extracomment>
        <translation>已封禁 %1，直到 %2</translation>
    </message>
    <message>
        <source>Lifted the ban on %1</source>
        <extracomment>%1 is who may come back: a nickname, an address, or both.</extracomment>
        <translation>已解除对 %1 的封禁</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message numerus="yes">
        <source>Closed %n connection(s) that had not joined, to make room for new ones; the first from %1</source>
        <extracomment>%n connections that had not joined were closed; %1 is the first one&apos;s address.</extracomment>
        <translation>
            <numerusform>为给新连接腾出位置，关闭了 %n 个尚未进入的连接，第一个来自 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>TLS is open on %1; certificate SHA-256 fingerprint %2</source>
        <extracomment>%1 is where TLS listens (&quot;every address, port 9528&quot;), %2 the certificate&apos;s SHA-256 fingerprint, &quot;AB:CD:...&quot; (32 pairs).</extracomment>
        <translation>TLS 已开放：%1；证书 SHA-256 指纹 %2</translation>
    </message>
    <message>
        <source>Made a new self-signed TLS certificate in %1</source>
        <extracomment>%1 is a folder.</extracomment>
        <translation>已在 %1 生成新的自签名 TLS 证书</translation>
    </message>
    <message>
        <source>The local socket is open at %1</source>
        <extracomment>%1 is the local socket&apos;s file, e.g. /tmp/chatroom.</extracomment>
        <translation>本地套接字已打开：%1</translation>
    </message>
    <message>
        <source>Could not open the local socket %1: %2</source>
        <extracomment>%1 is the local socket&apos;s name, %2 the system&apos;s reason (often English).</extracomment>
        <translation>无法打开本地套接字 %1：%2</translation>
    </message>
    <message>
        <source>The admin socket for chatroomctl is open at %1</source>
        <extracomment>%1 is the admin socket&apos;s file, e.g. /run/chatroom/admin.sock.</extracomment>
        <translation>供 chatroomctl 使用的管理套接字已打开：%1</translation>
    </message>
    <message>
        <source>Cannot open the admin socket %1: %2</source>
        <extracomment>%1 is the admin socket&apos;s file, %2 the system&apos;s reason (often English).</extracomment>
        <translation>无法打开管理套接字 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open the admin socket %1: %2. The server runs without it, so chatroomctl cannot reach it; choose another with --admin-socket.</source>
        <extracomment>%1 is the admin socket&apos;s file, %2 the system&apos;s reason (often English).</extracomment>
        <translation>无法打开管理套接字 %1：%2。服务器将在没有它的情况下运行，chatroomctl 无法连接；请用 --admin-socket 另选一个。</translation>
    </message>
    <message>
        <source>chatroomctl: kicked %1</source>
        <extracomment>An administrator removed the member %1 with the chatroomctl command.</extracomment>
        <translation>chatroomctl：已踢出 %1</translation>
    </message>
    <message>
        <source>chatroomctl: sent the broadcast above</source>
        <extracomment>The administrator&apos;s message in the line before came from the chatroomctl command.</extracomment>
        <translation>chatroomctl：上面的广播由它发送</translation>
    </message>
    <message>
        <source>chatroomctl: %1</source>
        <extracomment>%1 is what was done, e.g. &quot;Banned 张三 until 14:30&quot;; chatroomctl is a command&apos;s name.</extracomment>
        <translation>chatroomctl：%1</translation>
    </message>
    <message>
        <source>Refused an admin connection from an unknown user: only the server&apos;s user and root may use chatroomctl</source>
        <translation>已拒绝来自未知用户的管理连接：只有服务器的用户和 root 可以使用 chatroomctl</translation>
    </message>
    <message>
        <source>Refused an admin connection from user %1: only the server&apos;s user and root may use chatroomctl</source>
        <extracomment>%1 is a numeric user id.</extracomment>
        <translation>已拒绝来自用户 %1 的管理连接：只有服务器的用户和 root 可以使用 chatroomctl</translation>
    </message>
    <message>
        <source>the shared room was unavailable</source>
        <translation>共享聊天室暂时不可用</translation>
    </message>
    <message>
        <source>Cannot reach the shared room at %1: %2</source>
        <extracomment>%1 is the Redis address without its password, %2 the reason (often English).</extracomment>
        <translation>无法连接位于 %1 的共享聊天室：%2</translation>
    </message>
    <message numerus="yes">
        <source>Serving the room shared at %1, with %n member(s) in it</source>
        <extracomment>%1 is the Redis address without its password.</extracomment>
        <translation>
            <numerusform>正在服务位于 %1 的共享聊天室，室内有 %n 位成员</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerLogView</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ServerOptions</name>
    <message>
        <source>The chat room server.</source>
        <translation>聊天室服务器。</translation>
    </message>
    <message>
        <source>Listen on &lt;address&gt; (default: any).</source>
        <translation>在 &lt;地址&gt; 上监听（默认：所有地址）。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Listen on &lt;port&gt; (default: %1).</source>
        <translation>在 &lt;端口&gt; 上监听（默认：%1）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>The room&apos;s &lt;title&gt;.</source>
        <translation>聊天室的&lt;标题&gt;。</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Chatroom</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Largest frame in &lt;bytes&gt; (default: %1).</source>
        <translation>最大帧长，单位&lt;字节&gt;（默认：%1）。</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Run without a window, logging to stdout.</source>
        <translation>不显示窗口运行，日志输出到标准输出。</translation>
    </message>
    <message>
        <source>User interface &lt;language&gt;: zh_CN or en.</source>
        <translation>界面&lt;语言&gt;：zh_CN 或 en。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use zh_CN or en.</source>
        <translation>未知语言“%1”：请使用 zh_CN 或 en。</translation>
    </message>
    <message>
        <source>Not an IP address: %1</source>
        <translation>不是 IP 地址：%1</translation>
    </message>
    <message>
        <source>Not a port number: %1</source>
        <translation>不是端口号：%1</translation>
    </message>
    <message>
        <source>The room title must have 1 to %1 characters.</source>
        <translation>聊天室标题须为 1 到 %1 个字符。</translation>
    </message>
    <message>
        <source>--max-frame must be between %1 and %2 bytes.</source>
        <translation>--max-frame 须在 %1 到 %2 字节之间。</translation>
    </message>
    <message>
        <source>--flood-limit must be 0 or more.</source>
        <translation>--flood-limit 须大于或等于 0。</translation>
    </message>
    <message>
        <source>--send-queue must be at least %1 bytes.</source>
        <translation>--send-queue 至少为 %1 字节。</translation>
    </message>
    <message>
        <source>--max-members must be 1 or more.</source>
        <translation>--max-members 须大于或等于 1。</translation>
    </message>
    <message>
        <source>Close connections that do not join within &lt;seconds&gt; (default: %1).</source>
        <translation>在&lt;秒&gt;内未进入聊天室的连接将被关闭（默认：%1）。</translation>
    </message>
    <message>
        <source>Drop members silent for &lt;seconds&gt; (default: %1).</source>
        <translation>断开&lt;秒&gt;内无任何消息的成员（默认：%1）。</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; messages per member in the flood window; 0 turns flood control off (default: %1).</source>
        <translation>每个成员在防刷屏时间窗内最多发送&lt;数量&gt;条消息；0 表示关闭防刷屏（默认：%1）。</translation>
    </message>
    <message>
        <source>The flood window in &lt;seconds&gt; (default: %1).</source>
        <translation>防刷屏时间窗，单位&lt;秒&gt;（默认：%1）。</translation>
    </message>
    <message>
        <source>Drop members more than &lt;bytes&gt; behind (default: %1).</source>
        <translation>断开积压超过&lt;字节&gt;的成员（默认：%1）。</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; members (default: %1).</source>
        <translation>最多&lt;数量&gt;名成员（默认：%1）。</translation>
    </message>
    <message>
        <source>--%1 must be more than 0 and at most %2 seconds.</source>
        <extracomment>%1 is the option, %2 the largest number of seconds (about 24.8 days).</extracomment>
        <translation>--%1 须大于 0 且不超过 %2 秒。</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>The &lt;directory&gt; of the transcript database (default: %1).</source>
        <translation>聊天记录数据库所在的 &lt;directory&gt;（默认：%1）。</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Keep the newest &lt;count&gt; events (default: %1 on disk, %2 in memory).</source>
        <translation>保留最新的 &lt;count&gt; 个事件（默认：磁盘 %1，内存 %2）。</translation>
    </message>
    <message>
        <source>Forget events older than &lt;days&gt;; 0 keeps them (default: 0).</source>
        <translation>删除早于 &lt;days&gt; 天的事件；0 表示全部保留（默认：0）。</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Send at most &lt;count&gt; earlier messages to a member who joins or pages back; 0 turns history off (default: %1).</source>
        <translation>成员进入或向前翻页时最多发送 &lt;count&gt; 条历史消息；0 关闭历史（默认：%1）。</translation>
    </message>
    <message>
        <source>Hold a dropped member&apos;s place for &lt;seconds&gt; so it can resume without anyone noticing; 0 turns resume off (default: %1).</source>
        <translation>为掉线的成员保留位置 &lt;seconds&gt; 秒，以便无声地恢复连接；0 关闭恢复（默认：%1）。</translation>
    </message>
    <message>
        <source>Admit only members who give the password on the first line of &lt;file&gt;.</source>
        <translation>只允许提供 &lt;file&gt; 第一行密码的成员进入。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>--history-keep must be 1 or more.</source>
        <translation>--history-keep 必须至少为 1。</translation>
    </message>
    <message>
        <source>--history-days must be between 0 and 100000.</source>
        <translation>--history-days 必须在 0 到 100000 之间。</translation>
    </message>
    <message>
        <source>--history must be between 0 and 65535.</source>
        <translation>--history 必须在 0 到 65535 之间。</translation>
    </message>
    <message>
        <source>--resume-grace must be 0 or more and at most %1 seconds.</source>
        <translation>--resume-grace 必须在 0 到 %1 秒之间。</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2</source>
        <translation>无法读取密码文件 %1：%2</translation>
    </message>
    <message>
        <source>The password file %1 has no password on its first line.</source>
        <translation>密码文件 %1 的第一行没有密码。</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; connections that have not joined; a new one closes the oldest (default: %1, 0: no limit).</source>
        <translation>最多 &lt;count&gt; 个尚未进入的连接；超出时新连接会关闭最早的一个（默认：%1，0 表示不限）。</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; connections not joined from one address (default: %1, 0: no limit).</source>
        <translation>同一地址最多 &lt;count&gt; 个尚未进入的连接（默认：%1，0 表示不限）。</translation>
    </message>
    <message>
        <source>At most &lt;count&gt; new connections from one address in the connection window (default: %1, 0: no limit).</source>
        <translation>连接窗口内同一地址最多 &lt;count&gt; 个新连接（默认：%1，0 表示不限）。</translation>
    </message>
    <message>
        <source>The connection window in &lt;seconds&gt; (default: %1).</source>
        <translation>连接窗口，单位 &lt;seconds&gt;（默认：%1）。</translation>
    </message>
    <message>
        <source>Apply the per-address limits to connections from this machine too.</source>
        <translation>对来自本机的连接也实施按地址的限制。</translation>
    </message>
    <message>
        <source>Close a connection after &lt;count&gt; refused nicknames (default: %1, 0: no limit).</source>
        <translation>昵称被拒绝 &lt;count&gt; 次后关闭连接（默认：%1，0 表示不限）。</translation>
    </message>
    <message>
        <source>--%1 must be 0 or more.</source>
        <translation>--%1 必须大于或等于 0。</translation>
    </message>
    <message>
        <source>Also listen for TLS on &lt;port&gt; (default: %1). TLS is off unless --tls-port, --cert or --key is given.</source>
        <translation>同时在 &lt;port&gt; 上监听 TLS（默认：%1）。未指定 --tls-port、--cert 或 --key 时不开启 TLS。</translation>
    </message>
    <message>
        <source>The TLS certificate, a PEM &lt;file&gt; (default: a self-signed one made in the data directory).</source>
        <translation>TLS 证书，PEM 格式的 &lt;file&gt;（默认：在数据目录中生成的自签名证书）。</translation>
    </message>
    <message>
        <source>The TLS certificate&apos;s private key, an unencrypted PEM &lt;file&gt;.</source>
        <translation>TLS 证书的私钥，未加密的 PEM 格式 &lt;file&gt;。</translation>
    </message>
    <message>
        <source>--tls-port must differ from --port.</source>
        <translation>--tls-port 必须与 --port 不同。</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert 和 --key 必须同时指定。</translation>
    </message>
    <message>
        <source>Also listen on the local socket &lt;name&gt;, for clients on this machine (a file in the temporary directory unless &lt;name&gt; is an absolute path).</source>
        <translation>同时在本地套接字 &lt;name&gt; 上监听，供本机客户端使用（除非 &lt;name&gt; 是绝对路径，否则是临时目录中的一个文件）。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>How bytes are written to plain TCP members: direct (sendmsg, the default where it exists) or device (through Qt&apos;s socket, as for TLS and local sockets).</source>
        <translation>向普通 TCP 成员写出数据的方式：direct（sendmsg，可用时为默认）或 device（经由 Qt 的套接字，与 TLS 和本地套接字相同）。</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>--local needs a name.</source>
        <translation>--local 需要一个名称。</translation>
    </message>
    <message>
        <source>--sender must be direct or device.</source>
        <translation>--sender 只能是 direct 或 device。</translation>
    </message>
    <message>
        <source>The admin socket chatroomctl talks to, a &lt;path&gt; only this user and root can use (default: %1); none turns it off.</source>
        <translation>chatroomctl 连接的管理套接字，一个只有本用户和 root 能使用的 &lt;路径&gt;（默认：%1）；none 表示关闭。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>--admin-socket needs a path, or none.</source>
        <translation>--admin-socket 需要一个路径，或 none。</translation>
    </message>
    <message>
        <source>Read options from the INI &lt;file&gt; (keys are the long option names, e.g. port = 9527); the command line overrides it.</source>
        <translation>从 INI 文件 &lt;file&gt; 读取选项（键为长选项名，如 port = 9527）；命令行上的选项优先。</translation>
    </message>
    <message>
        <source>The headless log&apos;s &lt;format&gt;: text (one line per event) or json (one object per line, for log collectors) (default: text).</source>
        <translation>无界面日志的格式 &lt;format&gt;：text（每个事件一行）或 json（每行一个 JSON 对象，供日志收集器使用）（默认：text）。</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>--log-format must be text or json.</source>
        <translation>--log-format 只能是 text 或 json。</translation>
    </message>
    <message>
        <source>Where the room&apos;s transcript is kept: sqlite (a file in the data directory, kept across restarts), memory, or a room shared with other servers through Redis: redis://HOST[:PORT]/ROOM or unix:///PATH/redis.sock?room=ROOM (default: sqlite).</source>
        <translation>聊天记录保存在哪里：sqlite（数据目录中的文件，重启后仍在）、memory（内存），或通过 Redis 与其他服务器共享的聊天室：redis://主机[:端口]/聊天室 或 unix:///路径/redis.sock?room=聊天室（默认：sqlite）。</translation>
    </message>
    <message>
        <source>The --log address is not usable: %1</source>
        <translation>--log 的地址无法使用：%1</translation>
    </message>
    <message>
        <source>Unknown --log &quot;%1&quot;: use sqlite, memory or a redis:// address.</source>
        <translation>未知的 --log “%1”：请使用 sqlite、memory 或 redis:// 地址。</translation>
    </message>
    <message>
        <source>With a room shared through Redis: after &lt;seconds&gt; without this server&apos;s heartbeat the other servers take it for dead, and its members leave once the resume grace has passed too (default: %1).</source>
        <translation>房间通过 Redis 共享时：超过 &lt;seconds&gt; 秒收不到本服务器的心跳，其他服务器即认为它已停止；再过恢复宽限期后，它的成员离开聊天室（默认：%1）。</translation>
    </message>
    <message>
        <source>--shared-lease must be at least 0.1 and at most %1 seconds.</source>
        <translation>--shared-lease 须至少 0.1 秒、至多 %1 秒。</translation>
    </message>
</context>
<context>
    <name>ServerStartup</name>
    <message>
        <source>no answer within 10 seconds</source>
        <translation>10 秒内没有应答</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>&amp;Kick…</source>
        <translation>请出(&amp;K)…</translation>
    </message>
    <message>
        <source>Remove the selected members from the chat room</source>
        <translation>将选中的成员请出聊天室</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>A message from the administrator to everyone</source>
        <translation>管理员发给所有人的消息</translation>
    </message>
    <message>
        <source>&amp;Broadcast:</source>
        <translation>广播(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>监听：%1</translation>
    </message>
    <message>
        <source>%1 messages/s</source>
        <translation>%1 条消息/秒</translation>
    </message>
    <message>
        <source>Remove %1 from the chat room?</source>
        <translation>将%1请出聊天室？</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n members from the chat room?</source>
        <translation>
            <numerusform>将 %n 名成员请出聊天室？</numerusform>
        </translation>
    </message>
    <message>
        <source>Kick</source>
        <translation>请出</translation>
    </message>
    <message>
        <source>They can join again.</source>
        <translation>他们之后仍可以重新进入。</translation>
    </message>
    <message>
        <source>The message was not sent: it is empty or longer than %1 characters</source>
        <translation>消息没有发出：消息为空或超过 %1 个字符</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n 名成员</numerusform>
        </translation>
    </message>
    <message>
        <source>Close the chat room</source>
        <translation>关闭聊天室</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) are in the chat room. Close it and disconnect everyone?</source>
        <translation>
            <numerusform>聊天室里有 %n 名成员。关闭聊天室并断开所有人？</numerusform>
        </translation>
    </message>
    <message>
        <source>They will rejoin by themselves when the server is back.</source>
        <translation>服务器恢复后他们会自动重新进入。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Earlier in this room</source>
        <extracomment>Under the room&apos;s past, read back from the log, above the lines that follow live.</extracomment>
        <translation>以上是之前的记录</translation>
    </message>
    <message>
        <source>%1 lost the connection; the seat is kept for a while</source>
        <extracomment>%1 is a nickname. Protocol 1.1: the member may reconnect and carry on.</extracomment>
        <translation>%1的连接中断，席位暂时保留</translation>
    </message>
    <message>
        <source>%1 is back from %2</source>
        <extracomment>%1 is a nickname, %2 the address it reconnected from.</extracomment>
        <translation>%1从 %2 回来了</translation>
    </message>
    <message>
        <source>Kick and &amp;ban…</source>
        <translation>请出并封禁(&amp;B)…</translation>
    </message>
    <message>
        <source>Remove the selected members and keep their nicknames and addresses out</source>
        <translation>将选中的成员请出聊天室，并禁止其昵称和地址再进入</translation>
    </message>
    <message>
        <source>, TLS on port %1</source>
        <extracomment>Appended to &quot;Listening on ...&quot; in the status bar; %1 is the TLS port.</extracomment>
        <translation>，TLS 端口 %1</translation>
    </message>
    <message>
        <source>, local socket %1</source>
        <extracomment>Appended to &quot;Listening on ...&quot; in the status bar; %1 is the local socket&apos;s file.</extracomment>
        <translation>，本地套接字 %1</translation>
    </message>
</context>
<context>
    <name>TranscriptSearch</name>
    <message>
        <source>Search the transcript…</source>
        <translation>搜索聊天记录…</translation>
    </message>
    <message numerus="yes">
        <source>The newest %n match(es)</source>
        <translation>
            <numerusform>最新的 %n 条结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chatroom server</source>
        <translation>聊天室服务器</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Unknown server certificate</source>
        <translation>未知的服务器证书</translation>
    </message>
    <message>
        <source>The authenticity of %1 can&apos;t be established: this computer has not connected to it securely before.</source>
        <translation>无法确认 %1 的真实性：这台电脑以前没有与它建立过加密连接。</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint of its certificate:</source>
        <translation>它的证书的 SHA-256 指纹：</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint the server shows in its window or log. Connect only if they are the same; it will be remembered for this server.</source>
        <translation>请与服务器窗口或日志中显示的指纹比较，两者相同时才连接；这台服务器的指纹会被记住。</translation>
    </message>
    <message>
        <source>&amp;Trust and connect</source>
        <translation>信任并连接(&amp;T)</translation>
    </message>
    <message>
        <source>Server certificate changed</source>
        <translation>服务器证书已变更</translation>
    </message>
    <message>
        <source>Warning: the certificate of %1 is not the one remembered for it. Someone may be intercepting the connection, or the server was given a new certificate. The connection was refused.</source>
        <translation>警告：%1 的证书与记住的不一致。可能有人在截取这个连接，也可能服务器换了新证书。连接已被拒绝。</translation>
    </message>
    <message>
        <source>Remembered SHA-256 fingerprint:</source>
        <translation>记住的 SHA-256 指纹：</translation>
    </message>
    <message>
        <source>Fingerprint the server offers now:</source>
        <translation>服务器现在提供的指纹：</translation>
    </message>
    <message>
        <source>Trust the new certificate only if the server&apos;s administrator confirms this fingerprint.</source>
        <translation>只有在服务器管理员确认这个指纹后，才信任新证书。</translation>
    </message>
    <message>
        <source>Trust the &amp;new certificate</source>
        <translation>信任新证书(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>The connection timed out.</source>
        <translation>连接超时。</translation>
    </message>
    <message>
        <source>the server&apos;s certificate was not accepted</source>
        <translation>未接受服务器的证书</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>Change &amp;server or name…</source>
        <translation>更换服务器或昵称(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Not in the chat room; the message was not sent</source>
        <translation>不在聊天室中，消息没有发出</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) online</source>
        <translation>
            <numerusform>在线成员：%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <extracomment>The window title: %1 is the room&apos;s title, %2 the user&apos;s nickname.</extracomment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Change &amp;nickname…</source>
        <translation>修改昵称(&amp;N)…</translation>
    </message>
    <message>
        <source>The server has shut down; you will rejoin by yourself when it is back</source>
        <translation>服务器已关闭，恢复后自动重新进入</translation>
    </message>
    <message>
        <source>Change nickname</source>
        <translation>修改昵称</translation>
    </message>
    <message>
        <source>New nickname:</source>
        <translation>新昵称：</translation>
    </message>
    <message>
        <source>Encrypted (TLS)</source>
        <translation>已加密 (TLS)</translation>
    </message>
    <message>
        <source>Type a message: Enter sends, Shift+Enter starts a new line</source>
        <translation>输入消息：Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Save transcript…</source>
        <translation>保存聊天记录(&amp;S)…</translation>
    </message>
    <message>
        <source>chat-%1.txt</source>
        <extracomment>The suggested file name; %1 is the date and time.</extracomment>
        <translation>聊天记录-%1.txt</translation>
    </message>
    <message>
        <source>Save transcript</source>
        <translation>保存聊天记录</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>The transcript could not be saved: %1</source>
        <translation>无法保存聊天记录：%1</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>表情</translation>
    </message>
</context>
<context>
    <name>EventFormatter</name>
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
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 joined the chat room</source>
        <translation>%1进入了聊天室</translation>
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
        <source>That nickname is taken, please choose another</source>
        <translation>该昵称已被使用，请换一个</translation>
    </message>
    <message>
        <source>The server does not accept this nickname, please choose another</source>
        <translation>服务器不接受这个昵称，请换一个</translation>
    </message>
    <message>
        <source>That nickname is reserved, please choose another</source>
        <translation>该昵称为保留名称，请换一个</translation>
    </message>
    <message>
        <source>The server does not support this version of the client</source>
        <translation>服务器不支持这个版本的客户端</translation>
    </message>
    <message>
        <source>The chat room is full, please try again later</source>
        <translation>聊天室已满，请稍后再试</translation>
    </message>
    <message>
        <source>The server refused to let you in</source>
        <translation>服务器拒绝了你的加入</translation>
    </message>
    <message>
        <source>The message was too long and was not sent</source>
        <translation>消息太长，没有发出</translation>
    </message>
    <message>
        <source>An empty message was not sent</source>
        <translation>空消息没有发出</translation>
    </message>
    <message>
        <source>You are sending too fast; the message was not sent</source>
        <translation>发言太快，这条消息没有发出</translation>
    </message>
    <message>
        <source>The server did not understand a message from this client</source>
        <translation>服务器无法识别本客户端发送的一条消息</translation>
    </message>
    <message>
        <source>The server sent a notice</source>
        <translation>服务器发来一条通知</translation>
    </message>
    <message>
        <source>The server could not read a message from this client</source>
        <translation>服务器无法读取本客户端发送的消息</translation>
    </message>
    <message>
        <source>A message was too large for the server</source>
        <translation>消息太大，服务器无法接收</translation>
    </message>
    <message>
        <source>Not in the chat room yet</source>
        <translation>尚未进入聊天室</translation>
    </message>
    <message>
        <source>The administrator removed you from the chat room</source>
        <translation>你被管理员请出了聊天室</translation>
    </message>
    <message>
        <source>The server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>The server closed the connection after a long silence</source>
        <translation>长时间没有活动，服务器断开了连接</translation>
    </message>
    <message>
        <source>The connection is too slow to keep up with the chat room</source>
        <translation>网络太慢，跟不上聊天室的消息</translation>
    </message>
    <message>
        <source>Disconnected for sending too fast</source>
        <translation>发言过于频繁，已被断开连接</translation>
    </message>
    <message>
        <source>The server waited too long for a nickname</source>
        <translation>服务器等待昵称超时</translation>
    </message>
    <message>
        <source>The server reported an error</source>
        <translation>服务器报告了一个错误</translation>
    </message>
    <message>
        <source>You left the chat room</source>
        <translation>你已退出聊天室</translation>
    </message>
    <message>
        <source>The connection to the server was lost</source>
        <translation>与服务器的连接中断了</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>无法连接到服务器</translation>
    </message>
    <message>
        <source>The server has shut down</source>
        <translation>服务器已关闭</translation>
    </message>
    <message>
        <source>The server closed the connection</source>
        <translation>服务器断开了连接</translation>
    </message>
    <message>
        <source>The server sent data this client cannot read</source>
        <translation>服务器发来了本客户端无法识别的数据</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>正在进入聊天室…</translation>
    </message>
    <message>
        <source>In the chat room</source>
        <translation>已在聊天室中</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>The server refused the connection; is it running?</source>
        <translation>服务器拒绝了连接，请确认服务器已经启动</translation>
    </message>
    <message>
        <source>The server&apos;s address could not be found</source>
        <translation>找不到服务器地址</translation>
    </message>
    <message>
        <source>The server did not answer in time</source>
        <translation>服务器没有及时响应</translation>
    </message>
    <message>
        <source>The network is unreachable</source>
        <translation>网络不可达</translation>
    </message>
    <message>
        <source>Could not connect to the server: %1</source>
        <translation>无法连接到服务器：%1</translation>
    </message>
    <message>
        <source>Please enter a nickname</source>
        <translation>请输入昵称</translation>
    </message>
    <message>
        <source>A nickname has at most %1 characters</source>
        <translation>昵称最多 %1 个字符</translation>
    </message>
    <message>
        <source>A nickname cannot contain control or invisible characters</source>
        <translation>昵称不能包含控制字符或不可见字符</translation>
    </message>
    <message>
        <source>A nickname needs a visible character, and no blanks other than spaces</source>
        <translation>昵称需要至少一个可见字符，且除空格外不能含空白字符</translation>
    </message>
    <message>
        <source>A nickname cannot mix these writing systems, e.g. Latin letters with Cyrillic or Greek ones</source>
        <translation>昵称不能混用这几种文字，例如拉丁字母与西里尔字母或希腊字母</translation>
    </message>
    <message>
        <source>Type a message first</source>
        <translation>请先输入消息</translation>
    </message>
    <message>
        <source>The message is too long: at most %1 characters</source>
        <translation>消息太长：最多 %1 个字符</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <extracomment>A member changed nickname: %1 the old one, %2 the new one.</extracomment>
        <translation>%1 改名为 %2</translation>
    </message>
    <message>
        <source>Could not pick up where you left off; joining again</source>
        <translation>无法接续之前的连接，正在重新进入</translation>
    </message>
    <message>
        <source>This chat room needs the right password</source>
        <translation>这个聊天室需要正确的密码</translation>
    </message>
    <message>
        <source>This server keeps no earlier messages</source>
        <translation>这个服务器不保存历史消息</translation>
    </message>
    <message>
        <source>The server did not let you into the chat room in time</source>
        <translation>服务器没有及时让你进入聊天室</translation>
    </message>
    <message>
        <source>The server sent more than this client accepts (too many members, too much history or too long a text)</source>
        <translation>服务器发来的内容超出了本客户端的上限（成员过多、历史消息过多或文字过长）</translation>
    </message>
    <message>
        <source>The room cannot be reached right now; the message was not sent</source>
        <translation>暂时无法连接聊天室，消息没有发出</translation>
    </message>
    <message>
        <source>None of the servers could be reached:</source>
        <translation>所有服务器都无法连接：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>server tried</comment>
        <extracomment>One server a join tried: %1 its address, %2 why it could not be reached.</extracomment>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join a chat room</source>
        <translation>进入聊天室</translation>
    </message>
    <message>
        <source>Up to %1 characters</source>
        <translation>最多 %1 个字符</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>进入(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Nickname:</source>
        <translation>昵称(&amp;N)：</translation>
    </message>
    <message>
        <source>Only if the room has one</source>
        <translation>仅当聊天室设有密码时填写</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>%1 is not on this computer, and this connection is not encrypted: anyone on the network could read the password. Press Join again to send it anyway.</source>
        <translation>%1 不在这台电脑上，而且这个连接没有加密：网络上的任何人都能看到密码。再按一次“进入”仍然发送。</translation>
    </message>
    <message>
        <source>&amp;Secure connection (TLS)</source>
        <translation>加密连接 (TLS)(&amp;S)</translation>
    </message>
    <message>
        <source>Encrypted, with the server&apos;s certificate checked against the one accepted the first time (default port %1)</source>
        <translation>加密传输，并核对服务器证书与第一次接受的是否一致（默认端口 %1）</translation>
    </message>
    <message>
        <source>Waiting for you to check the server&apos;s certificate…</source>
        <translation>请核对服务器的证书…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>A host name or address, or local:NAME for a server on this computer&apos;s local socket. Several servers of one room are separated by commas, each with its own port if need be: a.example,b.example:9530,[::1]:9527</source>
        <translation>主机名或地址；本机本地套接字上的服务器请写 local:名称。同一聊天室的多个服务器用逗号分隔，需要时各自带上端口：a.example,b.example:9530,[::1]:9527</translation>
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <source>sending… %1</source>
        <extracomment>A Say queued or on its way, not yet confirmed by the server; %1 is its text.</extracomment>
        <translation>发送中… %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>还有 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerList</name>
    <message>
        <source>Please enter the server&apos;s address</source>
        <translation>请输入服务器地址</translation>
    </message>
    <message>
        <source>%1 is in the list twice</source>
        <translation>%1 在列表中出现了两次</translation>
    </message>
    <message>
        <source>The server list has an empty entry: remove the extra comma</source>
        <translation>服务器列表中有空项，请删去多余的逗号</translation>
    </message>
    <message>
        <source>Please enter the local server&apos;s name after local:</source>
        <translation>请在 local: 后输入本机服务器的名称</translation>
    </message>
    <message>
        <source>“%1” has a space in it: separate servers with commas</source>
        <translation>“%1”中含有空格，多个服务器请用逗号分隔</translation>
    </message>
    <message>
        <source>The port in “%1” must be a number from 1 to 65535</source>
        <translation>“%1”中的端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>“%1” is not an IPv6 address in brackets, such as [::1]:9527</source>
        <translation>“%1”不是方括号中的 IPv6 地址，应写作 [::1]:9527 这样的形式</translation>
    </message>
    <message>
        <source>“%1” has a port but no host</source>
        <translation>“%1”只有端口，没有主机</translation>
    </message>
    <message>
        <source>“%1” is not an address; an IPv6 address with a port is written [address]:port</source>
        <translation>“%1”不是有效的地址；带端口的 IPv6 地址应写作 [地址]:端口</translation>
    </message>
</context>
<context>
    <name>TranscriptDelegate</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Edit</source>
        <extracomment>Under a message the server would refuse again as it is: back into the input.</extracomment>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Retry</source>
        <extracomment>Under a message that was not sent: send the same text again.</extracomment>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>earlier messages</source>
        <translation>以上是历史消息</translation>
    </message>
    <message>
        <source>older messages are no longer kept</source>
        <translation>更早的消息已不再保存</translation>
    </message>
    <message>
        <source>Sent too fast; not sent</source>
        <extracomment>Under a message the server refused: it came too soon after the last ones.</extracomment>
        <translation>发送太快，未发送</translation>
    </message>
    <message>
        <source>Too long; not sent</source>
        <translation>消息太长，未发送</translation>
    </message>
    <message>
        <source>Nothing to send; not sent</source>
        <translation>内容为空，未发送</translation>
    </message>
    <message>
        <source>Not sent</source>
        <extracomment>Under a message that went out while the connection was lost and never arrived.</extracomment>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Room unavailable; not sent</source>
        <extracomment>Under a message the server could not pass on: the room it shares with other servers was out of reach for a moment.</extracomment>
        <translation>聊天室暂时不可用，未发送</translation>
    </message>
</context>
<context>
    <name>TranscriptSearchBar</name>
    <message>
        <source>Find in the conversation</source>
        <translation>在聊天记录中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个 (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个 (Enter)</translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation>关闭查找 (Esc)</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message numerus="yes">
        <source>↓ %n new message(s)</source>
        <translation>
            <numerusform>↓ %n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy with &amp;name and time</source>
        <translation>连同昵称和时间复制(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation>引用(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>WindowAttention</name>
    <message>
        <source>Show &amp;notifications</source>
        <translation>显示通知(&amp;N)</translation>
    </message>
    <message>
        <source>Announcement from the administrator</source>
        <translation>管理员公告</translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <extracomment>A notification&apos;s title: %1 is who wrote the member&apos;s name.</extracomment>
        <translation>%1 提到了你</translation>
    </message>
    <message numerus="yes">
        <source>Chat room: %n unread message(s)</source>
        <translation>
            <numerusform>聊天室：%n 条未读消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat room</source>
        <translation>聊天室</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A group chat room client.</source>
        <translation>群聊聊天室客户端。</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>The server&apos;s port.</source>
        <translation>服务器端口。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>The nickname to join as.</source>
        <translation>加入时使用的昵称。</translation>
    </message>
    <message>
        <source>nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>The language: zh_CN or en (default: the system&apos;s).</source>
        <translation>界面语言：zh_CN 或 en（默认跟随系统）。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Join at once, without the dialog (needs --name, and --host with --port or --tls, or --local).</source>
        <translation>不显示对话框，直接进入（需要 --name，以及 --host 加 --port 或 --tls，或者 --local）。</translation>
    </message>
    <message>
        <source>Connect over TLS (default port 9528). The server&apos;s certificate is shown to be checked the first time, and must be the same one on every later connection.</source>
        <translation>通过 TLS 加密连接（默认端口 9528）。第一次连接时显示服务器证书供核对，以后每次连接都必须是同一个证书。</translation>
    </message>
    <message>
        <source>Connect to the server on this computer&apos;s local socket with this name.</source>
        <translation>连接本机上使用这个名称的本地套接字服务器。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The server&apos;s address; or several servers of one room, separated by commas and tried in turn, each as host, host:port or [IPv6]:port.</source>
        <translation>服务器地址；或同一聊天室的多个服务器，用逗号分隔并依次尝试，每个写作 主机、主机:端口 或 [IPv6]:端口。</translation>
    </message>
</context>
</TS>

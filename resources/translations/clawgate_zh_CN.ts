<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutostartEntry</name>
    <message>
        <source>cannot remove %1</source>
        <translation>无法删除 %1</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <source>Welcome to ClawGate</source>
        <translation>欢迎使用 ClawGate</translation>
    </message>
    <message>
        <source>ClawGate made a client key for you. Give it to your clients (OpenClaw, SDKs, agents) as their API key, with the base URL shown in the window&apos;s status line:

%1

It is kept in your keychain.</source>
        <translation>ClawGate 已为你生成一个客户端密钥。请把它作为 API 密钥交给你的客户端（OpenClaw、SDK、智能体），并使用窗口状态栏中显示的基础 URL：

%1

它已保存在你的系统钥匙串中。</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>Would create provider %1</source>
        <translation>将创建提供方 %1</translation>
    </message>
    <message>
        <source>Would replace provider %1</source>
        <translation>将替换提供方 %1</translation>
    </message>
    <message>
        <source>Created provider %1</source>
        <translation>已创建提供方 %1</translation>
    </message>
    <message>
        <source>Replaced provider %1</source>
        <translation>已替换提供方 %1</translation>
    </message>
    <message>
        <source>Would create shared provider settings %1</source>
        <translation>将创建共享提供方设置 %1</translation>
    </message>
    <message>
        <source>Would replace shared provider settings %1</source>
        <translation>将替换共享提供方设置 %1</translation>
    </message>
    <message>
        <source>Created shared provider settings %1</source>
        <translation>已创建共享提供方设置 %1</translation>
    </message>
    <message>
        <source>Replaced shared provider settings %1</source>
        <translation>已替换共享提供方设置 %1</translation>
    </message>
    <message>
        <source>Would create model %1</source>
        <translation>将创建模型 %1</translation>
    </message>
    <message>
        <source>Would replace model %1</source>
        <translation>将替换模型 %1</translation>
    </message>
    <message>
        <source>Created model %1</source>
        <translation>已创建模型 %1</translation>
    </message>
    <message>
        <source>Replaced model %1</source>
        <translation>已替换模型 %1</translation>
    </message>
    <message>
        <source>Would add client key %1 (the source&apos;s gateway key)</source>
        <translation>将添加客户端密钥 %1（来源中的网关密钥）</translation>
    </message>
    <message>
        <source>Added client key %1 (the source&apos;s gateway key)</source>
        <translation>已添加客户端密钥 %1（来源中的网关密钥）</translation>
    </message>
    <message>
        <source>Would set defaultModel to %1</source>
        <translation>将把 defaultModel 设为 %1</translation>
    </message>
    <message>
        <source>Set defaultModel to %1</source>
        <translation>已把 defaultModel 设为 %1</translation>
    </message>
    <message>
        <source>Would store secret %1 in the keychain (keychain:%1)</source>
        <translation>将把密钥 %1 存入系统钥匙串（keychain:%1）</translation>
    </message>
    <message>
        <source>Stored secret %1 in the keychain (keychain:%1)</source>
        <translation>已把密钥 %1 存入系统钥匙串（keychain:%1）</translation>
    </message>
    <message>
        <source>Not mapped: %1</source>
        <translation>未映射：%1</translation>
    </message>
    <message>
        <source>Check: %1</source>
        <translation>请核对：%1</translation>
    </message>
    <message>
        <source>Nothing to change: the configuration and the keychain already hold this import.</source>
        <translation>无需更改：配置和系统钥匙串中已包含这次导入的内容。</translation>
    </message>
    <message>
        <source>no keychain could store the imported secrets (%1), so nothing was written. Set these environment variables for the gateway instead: %2. Then import again with their values left out of the source and its .env (a ${NAME} reference stays a reference).</source>
        <translation>没有可用的系统钥匙串来保存导入的密钥（%1），因此未写入任何内容。请改为给网关设置这些环境变量：%2。然后从来源文件及其 .env 中去掉这些值再导入一次（${NAME} 引用会保持为引用）。</translation>
    </message>
    <message>
        <source>the keychain failed (%1) after storing %2; the configuration was not changed</source>
        <translation>系统钥匙串在保存 %2 之后出错（%1）；配置未被更改</translation>
    </message>
    <message>
        <source>the imported configuration would be refused, so nothing was written: %1</source>
        <translation>导入后的配置会被拒绝，因此未写入任何内容：%1</translation>
    </message>
</context>
<context>
    <name>StateText</name>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Running at %1/v1</source>
        <translation>运行于 %1/v1</translation>
    </message>
    <message>
        <source>Stopping: letting requests in flight finish…</source>
        <translation>正在停止：等待进行中的请求完成…</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>无法启动：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::BackendOrderModel</name>
    <message>
        <source>%1 (or $%2)</source>
        <translation>%1（或 $%2）</translation>
    </message>
    <message>
        <source>Drag to change the order; untick to take it out of routing.</source>
        <translation>拖动以调整顺序；取消勾选即可将其移出路由。</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::BackendStateModel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>连续失败 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Set by you</source>
        <translation>由你设置</translation>
    </message>
    <message>
        <source>Until cleared</source>
        <translation>直到清除</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ClientKeyModel</name>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>May use</source>
        <translation>可使用</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::CooldownsPage</name>
    <message>
        <source>No backends yet. Add a provider and a model, and each of its backends shows here with its state.</source>
        <translation>还没有后端。添加一个提供商和一个模型后，它的每个后端都会连同状态显示在这里。</translation>
    </message>
    <message>
        <source>Cool down the selected backends for:</source>
        <translation>让所选后端冷却：</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 周</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 个月</translation>
    </message>
    <message>
        <source>Until cleared</source>
        <translation>直到清除</translation>
    </message>
    <message>
        <source>Or for:</source>
        <translation>或冷却：</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>Cool down</source>
        <translation>冷却</translation>
    </message>
    <message>
        <source>Clear cooldown</source>
        <translation>清除冷却</translation>
    </message>
    <message>
        <source>Could not change the cooldown: %1</source>
        <translation>无法更改冷却：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ImportPanel</name>
    <message>
        <source>providers.json, model_registry.json or models.yaml</source>
        <translation>providers.json、model_registry.json 或 models.yaml</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show what the import would do; nothing is written</source>
        <translation>显示导入将做的更改；不会写入任何内容</translation>
    </message>
    <message>
        <source>Configuration to import</source>
        <translation>要导入的配置</translation>
    </message>
    <message>
        <source>Its .env file</source>
        <translation>它的 .env 文件</translation>
    </message>
    <message>
        <source>Import from:</source>
        <translation>导入自：</translation>
    </message>
    <message>
        <source>.env file:</source>
        <translation>.env 文件：</translation>
    </message>
    <message>
        <source>Choose the file to import first.</source>
        <translation>请先选择要导入的文件。</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>无法导入：%1</translation>
    </message>
    <message>
        <source>Preview: nothing is written until you click Apply.</source>
        <translation>预览：点击“应用”之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>Storing the secrets in the keychain…</source>
        <translation>正在把密钥存入系统钥匙串…</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <source>Saving the configuration…</source>
        <translation>正在保存配置…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::KeysPage</name>
    <message>
        <source>Name of the new key, e.g. laptop or openclaw</source>
        <translation>新密钥的名称，例如 laptop 或 openclaw</translation>
    </message>
    <message>
        <source>Make key</source>
        <translation>生成密钥</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>The new key, shown only now:</source>
        <translation>新密钥（仅此一次显示）：</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::LogPage</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>The gateway&apos;s messages appear here: failovers, cooldowns, configuration reloads and problems.</source>
        <translation>网关的消息显示在这里：故障转移、冷却、配置重新加载和问题。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::MainWindow</name>
    <message>
        <source>ClawGate</source>
        <translation>ClawGate</translation>
    </message>
    <message>
        <source>Cooldowns</source>
        <translation>冷却</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>Live log</source>
        <translation>实时日志</translation>
    </message>
    <message>
        <source>OpenClaw</source>
        <translation>OpenClaw</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ModelsPage</name>
    <message>
        <source>New model name, e.g. chat</source>
        <translation>新模型名称，例如 chat</translation>
    </message>
    <message>
        <source>its first backend&apos;s model name</source>
        <translation>它的第一个后端的模型名称</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Context window (tokens):</source>
        <translation>上下文窗口（token）：</translation>
    </message>
    <message>
        <source>Max output tokens:</source>
        <translation>最大输出 token：</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove backend</source>
        <translation>删除后端</translation>
    </message>
    <message>
        <source>the provider&apos;s model name</source>
        <translation>提供商的模型名称</translation>
    </message>
    <message>
        <source>Add backend</source>
        <translation>添加后端</translation>
    </message>
    <message>
        <source>Choose a provider and type its model name first.</source>
        <translation>请先选择提供商并输入其模型名称。</translation>
    </message>
    <message>
        <source>Backends, tried in this order (drag to reorder; untick to take one out of routing):</source>
        <translation>后端，按此顺序尝试（拖动以调整顺序；取消勾选即可将其移出路由）：</translation>
    </message>
    <message>
        <source>Model &quot;%1&quot;</source>
        <translation>模型“%1”</translation>
    </message>
    <message>
        <source>No models yet: add one on the left.</source>
        <translation>还没有模型：请在左侧添加。</translation>
    </message>
    <message>
        <source>A new model needs a name and its first backend: a provider and that provider&apos;s model name.</source>
        <translation>新模型需要一个名称和它的第一个后端：一个提供商以及该提供商的模型名称。</translation>
    </message>
    <message>
        <source>There is already a model named &quot;%1&quot;.</source>
        <translation>已经有一个名为“%1”的模型。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::OpenClawPage</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Apply to OpenClaw</source>
        <translation>应用到 OpenClaw(&amp;A)</translation>
    </message>
    <message>
        <source>OpenClaw reaches every model alias through ClawGate as the provider &quot;clawgate&quot;; pick them in OpenClaw as clawgate/ALIAS.</source>
        <translation>OpenClaw 通过 ClawGate 以提供方“clawgate”访问每个模型别名；在 OpenClaw 中以 clawgate/别名 选用它们。</translation>
    </message>
    <message>
        <source>OpenClaw &amp;configuration:</source>
        <translation>OpenClaw 配置文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Copied. Paste it into OpenClaw&apos;s configuration under &quot;models&quot; → &quot;providers&quot;.</source>
        <translation>已复制。请把它粘贴到 OpenClaw 配置的“models”→“providers”下。</translation>
    </message>
    <message>
        <source>Created %1 with the clawgate provider.</source>
        <translation>已创建 %1，其中包含 clawgate 提供方。</translation>
    </message>
    <message>
        <source>Updated the clawgate provider in %1.
The previous file is at %2.</source>
        <translation>已更新 %1 中的 clawgate 提供方。
原文件已备份到 %2。</translation>
    </message>
    <message>
        <source>%1 already has this clawgate provider; nothing changed.</source>
        <translation>%1 中已有相同的 clawgate 提供方，未做任何更改。</translation>
    </message>
    <message>
        <source>Left %1 untouched: %2</source>
        <translation>未改动 %1：%2</translation>
    </message>
    <message>
        <source>The API OpenClaw uses to talk to ClawGate. ClawGate answers all three on every alias and translates for backends that speak another one.</source>
        <translation>OpenClaw 与 ClawGate 通信所用的 API。ClawGate 在每个别名上都支持这三种，后端使用其他协议时由 ClawGate 转换。</translation>
    </message>
    <message>
        <source>OpenClaw &amp;speaks:</source>
        <translation>OpenClaw 使用的协议(&amp;S)：</translation>
    </message>
    <message>
        <source>OpenAI Chat Completions</source>
        <translation>OpenAI Chat Completions</translation>
    </message>
    <message>
        <source>POST /v1/chat/completions: what most OpenAI-compatible clients speak.</source>
        <translation>POST /v1/chat/completions：大多数 OpenAI 兼容客户端使用的接口。</translation>
    </message>
    <message>
        <source>Anthropic Messages</source>
        <translation>Anthropic Messages</translation>
    </message>
    <message>
        <source>POST /v1/messages: the Anthropic Messages API, as Claude clients speak it.</source>
        <translation>POST /v1/messages：Anthropic Messages API，即 Claude 客户端使用的接口。</translation>
    </message>
    <message>
        <source>OpenAI Responses</source>
        <translation>OpenAI Responses</translation>
    </message>
    <message>
        <source>POST /v1/responses: OpenAI&apos;s newer Responses API.</source>
        <translation>POST /v1/responses：OpenAI 较新的 Responses API。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::OpenClawSnippetSource</name>
    <message>
        <source>Waiting for the keychain to hand over the default client key…</source>
        <translation>正在等待系统钥匙串提供默认客户端密钥…</translation>
    </message>
    <message>
        <source>The keychain holds no default client key. Make a key on the Keys page and put it into OpenClaw&apos;s configuration by hand.</source>
        <translation>系统钥匙串中没有默认客户端密钥。请在“密钥”页面生成一个密钥，并手动填入 OpenClaw 的配置。</translation>
    </message>
    <message>
        <source>No keychain is running, so the default client key cannot be read. Start your desktop&apos;s keychain, or use &apos;clawgatectl export openclaw --api-key KEY&apos;.</source>
        <translation>没有正在运行的系统钥匙串，无法读取默认客户端密钥。请启动桌面的钥匙串服务，或使用“clawgatectl export openclaw --api-key 密钥”。</translation>
    </message>
    <message>
        <source>The keychain did not hand over the default client key: %1</source>
        <translation>系统钥匙串未能提供默认客户端密钥：%1</translation>
    </message>
    <message>
        <source>The gateway has not read its configuration yet.</source>
        <translation>网关尚未读取其配置。</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ProviderForm</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>from the environment (http_proxy, ...)</source>
        <translation>使用环境变量（http_proxy 等）</translation>
    </message>
    <message>
        <source>the system&apos;s CA certificates</source>
        <translation>使用系统的 CA 证书</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>删除请求头</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Save provider</source>
        <translation>保存提供方</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>附加请求头</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <source>New provider</source>
        <translation>新建提供方</translation>
    </message>
    <message>
        <source>stored in the system keychain</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Edit provider %1</source>
        <translation>编辑提供方 %1</translation>
    </message>
    <message>
        <source>leave empty to keep the stored key</source>
        <translation>留空则保留已保存的密钥</translation>
    </message>
    <message>
        <source>the model name of each backend</source>
        <translation>各后端的模型名</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>部署名称</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <source>How ClawGate answers /v1/responses with this provider.
Native: the provider has its own /responses endpoint; requests are relayed as they are.
Chat: the provider has only chat completions; ClawGate translates each Responses request to chat completions and the answer back.</source>
        <translation>ClawGate 如何用这个提供方应答 /v1/responses。
原生：提供方有自己的 /responses 端点，请求原样转发。
聊天：提供方只有 chat completions；ClawGate 把每个 Responses 请求转换为 chat completions，再把回答转换回来。</translation>
    </message>
    <message>
        <source>Responses API</source>
        <translation>Responses API</translation>
    </message>
    <message>
        <source>Default (native)</source>
        <translation>默认（原生）</translation>
    </message>
    <message>
        <source>Native: the provider has /responses</source>
        <translation>原生：提供方有 /responses</translation>
    </message>
    <message>
        <source>Chat: translate to chat completions</source>
        <translation>聊天：转换为 chat completions</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ProviderListModel</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Waiting for the keychain</source>
        <translation>正在等待钥匙串</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::ProvidersPage</name>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Send one tiny real request through every backend of this provider</source>
        <translation>通过该提供方的每个后端发送一个极小的真实请求</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Select a provider first.</source>
        <translation>请先选择一个提供方。</translation>
    </message>
    <message>
        <source>Give the provider a name.</source>
        <translation>请为提供方填写名称。</translation>
    </message>
    <message>
        <source>There is already a provider named %1.</source>
        <translation>已存在名为 %1 的提供方。</translation>
    </message>
    <message>
        <source>Storing the API key in the keychain…</source>
        <translation>正在将 API 密钥存入钥匙串…</translation>
    </message>
    <message>
        <source>The API key could not be stored: %1</source>
        <translation>无法保存 API 密钥：%1</translation>
    </message>
    <message>
        <source>No model uses %1 yet: add it to a model to test it.</source>
        <translation>还没有模型使用 %1：请先把它加入某个模型再测试。</translation>
    </message>
    <message numerus="yes">
        <source>Testing %n backend(s)…</source>
        <translation>
            <numerusform>正在测试 %n 个后端…</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Test finished.</source>
        <translation>测试完成。</translation>
    </message>
    <message>
        <source>The API key is stored, but %1 could not be updated</source>
        <translation>API 密钥已存入钥匙串，但无法更新 %1</translation>
    </message>
    <message>
        <source>Removed; the API key is deleted, but %1 could not be updated</source>
        <translation>已移除；API 密钥已从钥匙串删除，但无法更新 %1</translation>
    </message>
    <message>
        <source>Removed, but the API key could not be deleted: %1</source>
        <translation>已移除，但无法删除 API 密钥：%1</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import an aggregator&apos;s providers.json, a model registry or a YAML models list</source>
        <translation>导入聚合网关的 providers.json、模型注册表或 YAML 模型列表</translation>
    </message>
    <message>
        <source>No providers yet. Click Add… to create one, or Import… to bring in the configuration you already use.</source>
        <translation>还没有提供方。点“添加…”新建一个，或点“导入…”导入您已有的配置。</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::RequestLogModel</name>
    <message>
        <source>%1 (stream)</source>
        <translation>%1（流式）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已离开</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 in / %2 out</source>
        <translation>输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>%1  %2 %3</source>
        <translation>%1  %2 %3</translation>
    </message>
    <message>
        <source>(stream)</source>
        <translation>（流式）</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>密钥：%1</translation>
    </message>
    <message>
        <source>(none configured)</source>
        <translation>（未配置）</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>the client went away first</source>
        <translation>客户端已先行断开</translation>
    </message>
    <message>
        <source>Latency: %1 ms, first byte after %2 ms</source>
        <translation>延迟：%1 毫秒，首字节于 %2 毫秒后到达</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>Tokens: %1 in, %2 out, %3 in all</source>
        <translation>Token：输入 %1，输出 %2，共 %3</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试：</translation>
    </message>
    <message>
        <source>  none: answered by the gateway itself</source>
        <translation>  无：由网关自己直接回答</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::RequestLogPage</name>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Gateway messages</source>
        <translation>网关消息</translation>
    </message>
    <message>
        <source>Filter: key, model, backend, status…</source>
        <translation>筛选：密钥、模型、后端、状态…</translation>
    </message>
    <message>
        <source>All requests</source>
        <translation>所有请求</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 in / %2 out</source>
        <translation>输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <source>Choose a request to see its attempts.</source>
        <translation>选择一个请求以查看它的尝试。</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::SettingsPage</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>Bind address:</source>
        <translation>绑定地址：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>127.0.0.1 is reachable from this computer only. Saving a new address or port restarts the gateway; requests in flight finish first.</source>
        <translation>127.0.0.1 只能从本机访问。保存新的地址或端口会重启网关；进行中的请求会先完成。</translation>
    </message>
    <message>
        <source>Cooldown defaults</source>
        <translation>默认冷却设置</translation>
    </message>
    <message>
        <source>Refuse the request (503 with Retry-After)</source>
        <translation>拒绝请求（返回 503 和 Retry-After）</translation>
    </message>
    <message>
        <source>Try the backend whose cooldown ends first</source>
        <translation>尝试最先结束冷却的后端</translation>
    </message>
    <message>
        <source>After a 429 without Retry-After:</source>
        <translation>收到不带 Retry-After 的 429 后：</translation>
    </message>
    <message>
        <source>After a first failure:</source>
        <translation>首次失败后：</translation>
    </message>
    <message>
        <source>Longest after repeated failures:</source>
        <translation>连续失败后最长：</translation>
    </message>
    <message>
        <source>When every backend is cooling:</source>
        <translation>所有后端都在冷却时：</translation>
    </message>
    <message>
        <source>Failures other than 429 double the cooldown each time, from the first value up to the longest. Cooldowns set by the gateway never last more than 7 days.</source>
        <translation>429 以外的失败每次使冷却时间加倍，从首次的值直到最长值。网关自动设置的冷却最长不超过 7 天。</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Start ClawGate when I log in</source>
        <translation>登录时启动 ClawGate</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>A new language applies the next time ClawGate starts.</source>
        <translation>新的语言在 ClawGate 下次启动时生效。</translation>
    </message>
    <message>
        <source>The bind address is empty: use 127.0.0.1 for this computer only.</source>
        <translation>绑定地址为空：仅供本机使用请填 127.0.0.1。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address: use e.g. 127.0.0.1, or 0.0.0.0 for every network</source>
        <translation>“%1”不是 IP 地址：请使用例如 127.0.0.1，或用 0.0.0.0 监听所有网络</translation>
    </message>
    <message>
        <source>Listening on %1 needs an active client key first (Keys page): without one, anyone on your network could use your providers.</source>
        <translation>在 %1 上监听需要先有一个启用的客户端密钥（见“密钥”页）：否则你网络中的任何人都能使用你的服务商。</translation>
    </message>
    <message>
        <source>Other computers can reach ClawGate at %1. Only requests with an active client key are answered.</source>
        <translation>其他电脑可以通过 %1 访问 ClawGate。只有携带启用的客户端密钥的请求才会得到响应。</translation>
    </message>
    <message>
        <source>The longest cooldown must not be shorter than the first.</source>
        <translation>最长冷却时间不能短于首次冷却时间。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved. New cooldowns follow these values.</source>
        <translation>已保存。新的冷却将按这些值计算。</translation>
    </message>
    <message>
        <source>Saved. The gateway restarts to listen on %1, port %2.</source>
        <translation>已保存。网关正在重启，将监听 %1 的 %2 端口。</translation>
    </message>
    <message>
        <source>Could not change the start at login: %1</source>
        <translation>无法更改登录时启动：%1</translation>
    </message>
    <message>
        <source>ClawGate starts when you log in.</source>
        <translation>ClawGate 将在你登录时启动。</translation>
    </message>
    <message>
        <source>ClawGate no longer starts when you log in.</source>
        <translation>ClawGate 不再在你登录时启动。</translation>
    </message>
    <message>
        <source>Language saved: %1 from the next start of ClawGate.</source>
        <translation>语言已保存：ClawGate 下次启动时使用%1。</translation>
    </message>
</context>
<context>
    <name>clawgate::ui::TrayIcon</name>
    <message>
        <source>Open ClawGate</source>
        <translation>打开 ClawGate</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>ClawGate: %1</source>
        <translation>ClawGate：%1</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>%1/v1 (click to copy)</source>
        <translation>%1/v1（点击复制）</translation>
    </message>
    <message>
        <source>Copy OpenClaw config</source>
        <translation>复制 OpenClaw 配置</translation>
    </message>
    <message>
        <source>ClawGate</source>
        <translation>ClawGate</translation>
    </message>
</context>
<context>
    <name>clawgatectl</name>
    <message>
        <source>ClawGate: one local endpoint and key for your LLM providers.

%1</source>
        <translation>ClawGate：为你的各家大模型服务提供一个本地入口和一把密钥。

%1</translation>
    </message>
    <message>
        <source>Configuration file (default: %1).</source>
        <translation>配置文件（默认：%1）。</translation>
    </message>
    <message>
        <source>Address to listen on (serve).</source>
        <translation>监听地址（serve）。</translation>
    </message>
    <message>
        <source>Port to listen on (serve).</source>
        <translation>监听端口（serve）。</translation>
    </message>
    <message>
        <source>Log every request.</source>
        <translation>记录每个请求。</translation>
    </message>
    <message>
        <source>What to do; see the list above.</source>
        <translation>要执行的命令，见上方列表。</translation>
    </message>
    <message>
        <source>--port must be a number from 0 to 65535</source>
        <translation>--port 必须是 0 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>no command given; see &apos;clawgatectl --help&apos;</source>
        <translation>未指定命令；请查看 &apos;clawgatectl --help&apos;</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; see &apos;clawgatectl --help&apos;</source>
        <translation>未知命令“%1”；请查看 &apos;clawgatectl --help&apos;</translation>
    </message>
    <message>
        <source>no configuration at %1; run &apos;clawgatectl serve&apos; once to create it</source>
        <translation>%1 处没有配置；先运行一次 &apos;clawgatectl serve&apos; 来创建它</translation>
    </message>
    <message>
        <source>invalid configuration %1: %2</source>
        <translation>配置无效 %1：%2</translation>
    </message>
    <message>
        <source>until cleared</source>
        <translation>直到手动清除</translation>
    </message>
    <message>
        <source>the running gateway did not answer: %1</source>
        <translation>正在运行的网关没有响应：%1</translation>
    </message>
    <message>
        <source>cleared %1</source>
        <translation>已清除 %1</translation>
    </message>
    <message>
        <source>%1 was not cooling down</source>
        <translation>%1 不在冷却中</translation>
    </message>
    <message>
        <source>usage: clawgatectl cooldown list | set PROVIDER:MODEL DURATION | clear PROVIDER:MODEL</source>
        <translation>用法：clawgatectl cooldown list | set 提供方:模型 时长 | clear 提供方:模型</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration: use e.g. 90s, 15m, 1h, 1d, 1w, 1mo or forever</source>
        <translation>“%1”不是有效时长：请使用如 90s、15m、1h、1d、1w、1mo 或 forever</translation>
    </message>
    <message>
        <source>%1 is longer than the longest cooldown, 10 years; use &quot;forever&quot; for a cooldown without end</source>
        <translation>%1 超过了最长冷却时间（10 年）；如需不设结束时间的冷却，请使用 &quot;forever&quot;</translation>
    </message>
    <message>
        <source>no backend &quot;%1&quot; in the configuration (see &apos;clawgatectl models&apos;)</source>
        <translation>配置中没有后端“%1”（见 &apos;clawgatectl models&apos;）</translation>
    </message>
    <message>
        <source>usage: clawgatectl key add|disable|enable|remove NAME, or key list</source>
        <translation>用法：clawgatectl key add|disable|enable|remove 名称，或 key list</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>all models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>Added key &quot;%1&quot;. It is shown only now:</source>
        <translation>已添加密钥“%1”。它只显示这一次：</translation>
    </message>
    <message>
        <source>Key &quot;%1&quot;: %2 done.</source>
        <translation>密钥“%1”：%2 已完成。</translation>
    </message>
    <message>
        <source>models takes no arguments</source>
        <translation>models 不接受参数</translation>
    </message>
    <message>
        <source>No models configured yet. Add providers and models to %1.</source>
        <translation>尚未配置任何模型。请在 %1 中添加提供方和模型。</translation>
    </message>
    <message>
        <source>  (default)</source>
        <translation>  （默认）</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>cooling down until cleared (%1)</source>
        <translation>冷却中，直到手动清除（%1）</translation>
    </message>
    <message>
        <source>cooling down for %1 (%2)</source>
        <translation>冷却中，还剩 %1（%2）</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>serve takes no arguments (got &quot;%1&quot;)</source>
        <translation>serve 不接受参数（收到“%1”）</translation>
    </message>
    <message numerus="yes">
        <source>stopping: letting %n request(s) in flight finish</source>
        <translation>
            <numerusform>正在停止：等待 %n 个进行中的请求完成</numerusform>
        </translation>
    </message>
    <message>
        <source>Value for %1 (not shown): </source>
        <translation>%1 的值（输入不会显示）：</translation>
    </message>
    <message>
        <source>usage: clawgatectl secret set NAME (value on stdin) | delete NAME | list</source>
        <translation>用法：clawgatectl secret set 名称（值从标准输入读取）| delete 名称 | list</translation>
    </message>
    <message>
        <source>no value given for %1 on standard input</source>
        <translation>标准输入中没有提供 %1 的值</translation>
    </message>
    <message>
        <source>the secret is stored, but %1 could not be updated</source>
        <translation>密钥已保存，但无法更新 %1</translation>
    </message>
    <message>
        <source>Stored %1 in the keychain; refer to it as &quot;keychain:%1&quot;.</source>
        <translation>已将 %1 存入钥匙串；在配置中用“keychain:%1”引用它。</translation>
    </message>
    <message>
        <source>Deleted %1 from the keychain.</source>
        <translation>已从钥匙串中删除 %1。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid secret name: use up to 128 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>“%1”不是有效的密钥名称：最多 128 个字母、数字、“.”、“_”或“-”，并以字母或数字开头</translation>
    </message>
    <message>
        <source>the secret is deleted, but %1 could not be updated</source>
        <translation>密钥已删除，但无法更新 %1</translation>
    </message>
    <message>
        <source>Created %1 with a client key named &quot;default&quot;.</source>
        <translation>已创建 %1，其中包含一个名为“default”的客户端密钥。</translation>
    </message>
    <message>
        <source>The key is also kept in the keychain, where the tray app can show it again. Give it to your clients as their API key:</source>
        <translation>该密钥也已保存在系统钥匙串中，托盘应用之后可以再次显示它。请将它作为 API 密钥提供给你的客户端：</translation>
    </message>
    <message>
        <source>The key could not be kept in the keychain (%1), so it is shown only now. Give it to your clients as their API key:</source>
        <translation>无法将该密钥保存到系统钥匙串（%1），因此只在此处显示一次。请将它作为 API 密钥提供给你的客户端：</translation>
    </message>
    <message>
        <source>the keychain thread has no GLib event loop, so keychain: references cannot be read</source>
        <translation>钥匙串线程没有 GLib 事件循环，因此无法读取 keychain: 引用</translation>
    </message>
    <message>
        <source>The key is kept in the keychain (not written to this log); the tray app can show it.</source>
        <translation>该密钥已保存在系统钥匙串中（不会写入此日志）；托盘应用可以显示它。</translation>
    </message>
    <message>
        <source>The key could not be kept in the keychain (%1) and is not written to this log; make one for your clients with &apos;clawgatectl key add NAME&apos;.</source>
        <translation>无法将该密钥保存到系统钥匙串（%1），它也不会写入此日志；请用“clawgatectl key add NAME”为你的客户端创建一个密钥。</translation>
    </message>
    <message>
        <source>ClawGate is already running with %1: %2</source>
        <translation>ClawGate 已在使用 %1 运行：%2</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>usage: clawgatectl test ALIAS</source>
        <translation>用法：clawgatectl test 别名</translation>
    </message>
    <message>
        <source>no model alias &quot;%1&quot;; see &apos;clawgatectl models&apos;</source>
        <translation>没有模型别名“%1”；请查看 &apos;clawgatectl models&apos;</translation>
    </message>
    <message>
        <source>the keychain did not answer; pass the client key with --api-key KEY</source>
        <translation>系统钥匙串没有响应；请用 --api-key 密钥 传入客户端密钥</translation>
    </message>
    <message>
        <source>the keychain holds no default client key (%1); create one with &apos;clawgatectl key add NAME&apos; and pass it with --api-key KEY</source>
        <translation>系统钥匙串中没有默认客户端密钥（%1）；请用“clawgatectl key add 名称”创建一个，并用 --api-key 密钥 传入</translation>
    </message>
    <message>
        <source>no keychain is running to read the default client key from; pass the client key with --api-key KEY</source>
        <translation>没有正在运行的系统钥匙串，无法读取默认客户端密钥；请用 --api-key 密钥 传入客户端密钥</translation>
    </message>
    <message>
        <source>cannot read the default client key from the keychain (%1); pass the client key with --api-key KEY</source>
        <translation>无法从系统钥匙串读取默认客户端密钥（%1）；请用 --api-key 密钥 传入客户端密钥</translation>
    </message>
    <message>
        <source>Created %1 with the clawgate provider.</source>
        <translation>已创建 %1，其中包含 clawgate 提供方。</translation>
    </message>
    <message>
        <source>Updated models.providers.clawgate in %1; the previous file is at %2.</source>
        <translation>已更新 %1 中的 models.providers.clawgate；原文件已备份到 %2。</translation>
    </message>
    <message>
        <source>%1 already has this clawgate provider; nothing changed.</source>
        <translation>%1 中已有相同的 clawgate 提供方，未做任何更改。</translation>
    </message>
    <message>
        <source>left %1 untouched: %2</source>
        <translation>未改动 %1：%2</translation>
    </message>
    <message>
        <source>--api-key must not be empty</source>
        <translation>--api-key 不能为空</translation>
    </message>
    <message>
        <source>Merge into OpenClaw&apos;s configuration (export).</source>
        <translation>合并进 OpenClaw 的配置（export）。</translation>
    </message>
    <message>
        <source>OpenClaw&apos;s configuration file (export; default: %1).</source>
        <translation>OpenClaw 的配置文件（export；默认：%1）。</translation>
    </message>
    <message>
        <source>No models configured yet.</source>
        <translation>尚未配置任何模型。</translation>
    </message>
    <message>
        <source>status takes no arguments</source>
        <translation>status 不接受参数</translation>
    </message>
    <message>
        <source>Not running: there is no configuration at %1 yet.</source>
        <translation>未运行：%1 处还没有配置。</translation>
    </message>
    <message>
        <source>Not running: no gateway serves %1.</source>
        <translation>未运行：没有网关在使用 %1。</translation>
    </message>
    <message>
        <source>Not serving: %1 holds %2, but its gateway does not answer (stopped?).</source>
        <translation>未在服务：%1 占用着 %2，但它的网关没有响应（已停止？）。</translation>
    </message>
    <message>
        <source>Running at %1/v1</source>
        <translation>运行于 %1/v1</translation>
    </message>
    <message>
        <source>Process: %1</source>
        <translation>进程：%1</translation>
    </message>
    <message>
        <source>Configuration: %1</source>
        <translation>配置：%1</translation>
    </message>
    <message>
        <source>the configuration lets the gateway pick any free port (server.port 0) and no gateway runs now: start it first, or give --port</source>
        <translation>配置让网关任选一个空闲端口（server.port 为 0），而现在没有网关在运行：请先启动它，或用 --port 指定端口</translation>
    </message>
    <message>
        <source>the gateway did not answer: %1</source>
        <translation>网关没有应答：%1</translation>
    </message>
    <message>
        <source>the gateway answered HTTP %1: %2</source>
        <translation>网关返回 HTTP %1：%2</translation>
    </message>
    <message>
        <source>the answer broke off: %1</source>
        <translation>回答中途断开：%1</translation>
    </message>
    <message>
        <source>answered by %1 in %2 ms</source>
        <translation>由 %1 应答，用时 %2 毫秒</translation>
    </message>
    <message>
        <source>usage: clawgatectl chat ALIAS MESSAGE [--api-key KEY]</source>
        <translation>用法：clawgatectl chat 别名 消息 [--api-key 密钥]</translation>
    </message>
    <message>
        <source>no gateway is running for %1; start it with &apos;clawgatectl serve&apos; (or the ClawGate tray app) and try again</source>
        <translation>没有为 %1 运行的网关；请用 &apos;clawgatectl serve&apos;（或 ClawGate 托盘应用）启动后再试</translation>
    </message>
    <message>
        <source>Client key (export, chat; default: the key in the keychain).</source>
        <translation>客户端密钥（export、chat；默认：系统钥匙串中的密钥）。</translation>
    </message>
    <message>
        <source>Dry run: nothing was written. The configuration after the import:</source>
        <translation>试运行：未写入任何内容。导入后的配置如下：</translation>
    </message>
    <message>
        <source>usage: clawgatectl import FILE [--env FILE] [--dry-run]</source>
        <translation>用法：clawgatectl import 文件 [--env 文件] [--dry-run]</translation>
    </message>
    <message>
        <source>The .env file that goes with the imported file (import).</source>
        <translation>与导入文件配套的 .env 文件（import）。</translation>
    </message>
    <message>
        <source>Show the configuration the import makes; write nothing.</source>
        <translation>显示导入生成的配置；不写入任何内容。</translation>
    </message>
    <message>
        <source>usage: clawgatectl export openclaw [--apply] [--openclaw-config PATH] [--api-key KEY] [--api API]</source>
        <translation>用法：clawgatectl export openclaw [--apply] [--openclaw-config 路径] [--api-key 密钥] [--api 协议]</translation>
    </message>
    <message>
        <source>--api must be one of %1, not &quot;%2&quot;</source>
        <translation>--api 只能是 %1 之一，而不是“%2”</translation>
    </message>
    <message>
        <source>Commands:
  serve                           run the gateway until SIGINT/SIGTERM
  status                          is a gateway running, where, its backends&apos; states
                                  (exit 0 running, 3 not running, 1 on error)
  models                          list model aliases, their backends and states
  test ALIAS                      send a tiny request through each backend of ALIAS
  chat ALIAS MESSAGE              ask ALIAS through the running gateway, streamed
  key add NAME                    create a client key (printed once, on the last line)
  key list | disable NAME | enable NAME | remove NAME
  cooldown list                   backends cooling down now
  cooldown set PROVIDER:MODEL D   D: 90s, 15m, 1h, 1d, 1w, 1mo or forever
  cooldown clear PROVIDER:MODEL
  secret set NAME                 store a secret in the OS keychain (value on stdin)
  secret delete NAME | secret list
  export openclaw                 print OpenClaw&apos;s provider entry for this gateway
  export openclaw --apply         merge it into OpenClaw&apos;s config (a backup first)
  export openclaw --api API       the protocol OpenClaw speaks to ClawGate:
                                  openai-completions (default), anthropic-messages
                                  or openai-responses
  import FILE [--env FILE]        merge an aggregator&apos;s providers.json, a model registry
                                  or a YAML models list into the configuration
  import FILE --dry-run           show the result and write nothing
</source>
        <translation>命令：
  serve                           运行网关，直到收到 SIGINT/SIGTERM
  status                          网关是否在运行、地址、各后端的状态
                                  （退出码：0 运行中，3 未运行，1 出错）
  models                          列出模型别名、其后端及状态
  test 别名                       通过该别名的每个后端发送一个极小的请求
  chat 别名 消息                  通过正在运行的网关向该别名提问，流式输出
  key add 名称                    创建客户端密钥（只在最后一行显示一次）
  key list | disable 名称 | enable 名称 | remove 名称
  cooldown list                   当前处于冷却中的后端
  cooldown set 提供方:模型 时长   时长：90s、15m、1h、1d、1w、1mo 或 forever
  cooldown clear 提供方:模型
  secret set 名称                 把密钥存入系统钥匙串（值从标准输入读取）
  secret delete 名称 | secret list
  export openclaw                 输出本网关在 OpenClaw 中的提供方条目
  export openclaw --apply         将其合并进 OpenClaw 的配置（先做备份）
  export openclaw --api 协议      OpenClaw 与 ClawGate 通信所用的协议：
                                  openai-completions（默认）、anthropic-messages
                                  或 openai-responses
  import 文件 [--env 文件]        把聚合网关的 providers.json、模型注册表或 YAML 模型列表
                                  合并进配置
  import 文件 --dry-run           只显示结果，不写入任何内容
</translation>
    </message>
    <message>
        <source>The protocol OpenClaw speaks to ClawGate (export): %1; default: %2.</source>
        <translation>OpenClaw 与 ClawGate 通信所用的协议（export）：%1；默认：%2。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ClawGate: one local endpoint for all your LLM providers</source>
        <translation>ClawGate：为你所有的 LLM 提供商提供一个本地端点</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>ClawGate</source>
        <translation>ClawGate</translation>
    </message>
    <message>
        <source>ClawGate is already running with %1: %2</source>
        <translation>ClawGate 已在使用 %1 运行：%2</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
</context>
</TS>

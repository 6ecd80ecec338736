#include "importsources.h"

#include "testfiles.h"

#include <QDir>
#include <QUrl>

QString importExample(const QString &relative)
{
    return QStringLiteral(CLAWGATE_TEST_DATA "/import/") + relative;
}

QString writeMockedAggregator(const QString &dir, const MockUpstreamThread &mock,
                              const QByteArray &env)
{
    QByteArray text = readFile(importExample(QStringLiteral("aggregator/providers.json")));
    for (const char *from : {"https://ark.cn-beijing.volces.com/api/v3",
                             "https://api.deepseek.com/v1", "https://api.siliconflow.cn/v1"}) {
        const QString route
            = QUrl(QString::fromLatin1(from)).host().section(QLatin1Char('.'), -2, -2);
        text.replace(from, mock.baseUrl(route).toUtf8());
    }
    const QString path = QDir(dir).filePath(QStringLiteral("providers.json"));
    if (!writeFile(path, text) || !writeFile(QDir(dir).filePath(QStringLiteral(".env")), env))
        return {};
    return path;
}

// The example registry .env with the two platforms' base URLs on the mock routes "juzhi" and
// "panzhi".
QByteArray mockedRegistryEnv(const MockUpstreamThread &mock)
{
    QByteArray env = readFile(importExample(QStringLiteral("registry/.env")));
    env.replace("https://juzhi.example.com/v1", mock.baseUrl(QStringLiteral("juzhi")).toUtf8());
    env.replace("https://panzhi.example.com/v1", mock.baseUrl(QStringLiteral("panzhi")).toUtf8());
    return env;
}

// The example models.yaml with its URLs on the mock: routes "company", "corp" (chat),
// "corplogin" (its login) and "llm" (the static-token model's own chat path).
QByteArray mockedModelsYaml(const MockUpstreamThread &mock)
{
    QByteArray yaml = readFile(importExample(QStringLiteral("yaml/models.yaml")));
    const QByteArray origin = QByteArray("http://127.0.0.1:") + QByteArray::number(mock.port());
    yaml.replace("https://llm.example.com/v1", mock.baseUrl(QStringLiteral("company")).toUtf8());
    yaml.replace("https://corp.example.com/api/v1/chat/completions",
                 mock.baseUrl(QStringLiteral("corp")).toUtf8() + "/chat/completions");
    yaml.replace("https://corp.example.com/api/login",
                 mock.baseUrl(QStringLiteral("corplogin")).toUtf8() + "/login");
    yaml.replace("https://static.example.com", origin);
    return yaml;
}

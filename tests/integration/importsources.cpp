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

// The example sources of tests/data/import, made ready for a test: the same files with their
// providers' base URLs on the mock upstream, so that imported routes reach it.
#pragma once

#include "mockupstream.h"

#include <QString>

// tests/data/import/<relative>
QString importExample(const QString &relative);
// Writes the example aggregator providers.json into `dir` with each provider's base URL on the
// mock route named after its domain (doubao: "volces", deepseek, siliconflow), and `env` as
// `dir`/.env. Returns the path of providers.json, empty when a file could not be written.
QString writeMockedAggregator(const QString &dir, const MockUpstreamThread &mock,
                              const QByteArray &env);
// The example registry .env with the two platforms' base URLs on the mock routes "juzhi" and
// "panzhi".
QByteArray mockedRegistryEnv(const MockUpstreamThread &mock);
// The example models.yaml with its URLs on the mock: routes "company", "corp" (chat),
// "corplogin" (its login) and "llm" (the static-token model's own chat path).
QByteArray mockedModelsYaml(const MockUpstreamThread &mock);

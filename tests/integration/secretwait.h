// Waits in a test for a SecretStore's answer, running the event loop meanwhile.
#pragma once

#include "store/secretstore.h"

#include <QTest>

#include <optional>

inline clawgate::SecretResult
awaitSecret(const std::function<void(clawgate::SecretStore::Callback)> &call)
{
    std::optional<clawgate::SecretResult> result;
    call([&result](const clawgate::SecretResult &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        return {clawgate::SecretResult::Status::Error, {}, QStringLiteral("no answer within 15 s")};
    return *result;
}

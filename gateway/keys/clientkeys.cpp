#include "clientkeys.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>

#include <openssl/crypto.h>

namespace clawgate {

namespace ClientKeys {

QByteArray generate()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray random(reinterpret_cast<const char *>(words), sizeof(words));
    return "sk-cg-"
        + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString defaultKeyKeychainName()
{
    return QStringLiteral("client-key:default");
}

QByteArray sha256Hex(const QByteArray &key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

QByteArray presentedKey(QByteArrayView authorization, QByteArrayView apiKey)
{
    authorization = authorization.trimmed();
    if (authorization.size() > 7 && qstrnicmp(authorization.data(), "bearer ", 7) == 0)
        return authorization.sliced(7).trimmed().toByteArray();
    return apiKey.trimmed().toByteArray();
}

QByteArray presentedKey(const HttpRequest &request)
{
    return presentedKey(request.header("authorization"), request.header("x-api-key"));
}

// Clients present the same key on every request; hashing it each time is measurable at
// tens of thousands of requests per second. A small per-thread map from the keys seen last
// to their hashes (the keys are in each request's memory anyway; never logged or saved).
QByteArray cachedSha256Hex(const QByteArray &key)
{
    thread_local QHash<QByteArray, QByteArray> cache;
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return it.value();
    if (cache.size() >= 64)
        cache.clear();
    const QByteArray hash = sha256Hex(key);
    cache.insert(key, hash);
    return hash;
}

std::variant<const ClientKey *, ApiError> authenticate(const HttpRequest &request,
                                                       const Config &config, bool loopbackOnly)
{
    return authenticate(presentedKey(request), config, loopbackOnly);
}

bool adminTokenMatches(QByteArrayView presented, const QByteArray &expectedSha256Hex)
{
    const QByteArray hash = sha256Hex(presented.toByteArray());
    return !expectedSha256Hex.isEmpty() && hash.size() == expectedSha256Hex.size()
        && CRYPTO_memcmp(hash.constData(), expectedSha256Hex.constData(), size_t(hash.size())) == 0;
}

std::variant<const ClientKey *, ApiError> authenticate(const QByteArray &key, const Config &config,
                                                       bool loopbackOnly)
{
    if (config.clientKeys.isEmpty() && loopbackOnly)
        return static_cast<const ClientKey *>(nullptr);
    if (key.isEmpty())
        return ApiError::missingKey();
    const ClientKey *found = config.findKeyByHash(cachedSha256Hex(key));
    if (!found || !found->active)
        return ApiError::invalidKey();
    return found;
}

namespace {

int indexOf(const QJsonArray &keys, const QString &name)
{
    for (int i = 0; i < keys.size(); ++i) {
        if (keys.at(i).toObject().value(QLatin1String("name")).toString() == name)
            return i;
    }
    return -1;
}

const QString kKeys = QStringLiteral("clientKeys");

} // namespace

QString add(QJsonObject &root, const QString &name, const QByteArray &plaintext)
{
    QJsonArray keys = root.value(kKeys).toArray();
    if (name.trimmed().isEmpty())
        return QStringLiteral("a key needs a name");
    if (indexOf(keys, name) >= 0)
        return QStringLiteral("a key named \"%1\" exists already").arg(name);
    QJsonObject key;
    key.insert(QLatin1String("name"), name);
    key.insert(QLatin1String("sha256"), QString::fromLatin1(sha256Hex(plaintext)));
    key.insert(QLatin1String("status"), QStringLiteral("active"));
    keys.append(key);
    root.insert(kKeys, keys);
    return {};
}

QString setStatus(QJsonObject &root, const QString &name, bool active)
{
    QJsonArray keys = root.value(kKeys).toArray();
    const int i = indexOf(keys, name);
    if (i < 0)
        return QStringLiteral("no key named \"%1\"").arg(name);
    QJsonObject key = keys.at(i).toObject(); // other fields of the entry are kept
    key.insert(QLatin1String("status"),
               active ? QStringLiteral("active") : QStringLiteral("disabled"));
    keys.replace(i, key);
    root.insert(kKeys, keys);
    return {};
}

QString remove(QJsonObject &root, const QString &name)
{
    QJsonArray keys = root.value(kKeys).toArray();
    const int i = indexOf(keys, name);
    if (i < 0)
        return QStringLiteral("no key named \"%1\"").arg(name);
    keys.removeAt(i);
    root.insert(kKeys, keys);
    return {};
}

} // namespace ClientKeys

} // namespace clawgate

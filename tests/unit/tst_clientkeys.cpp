// ClientKeys: making keys, hashing them, reading the key a request presents, deciding who may
// call, and editing the clientKeys list of a raw configuration without losing anything else.
#include "keys/clientkeys.h"
#include "store/configparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace clawgate;

namespace {

HttpRequest request(const HeaderList &headers)
{
    HttpRequest r;
    r.method = QByteArrayLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.headers = headers;
    r.remoteAddress = QHostAddress::LocalHost;
    return r;
}

ClientKey key(const QString &name, const QByteArray &plaintext, bool active)
{
    ClientKey k;
    k.name = name;
    k.sha256Hex = ClientKeys::sha256Hex(plaintext);
    k.active = active;
    return k;
}

Config configWithKeys()
{
    Config c;
    c.clientKeys = {key(QStringLiteral("alice"), QByteArrayLiteral("sk-cg-alice"), true),
                    key(QStringLiteral("bob"), QByteArrayLiteral("sk-cg-bob"), false),
                    key(QStringLiteral("carol"), QByteArrayLiteral("sk-cg-carol"), true)};
    return c;
}

QJsonObject rootWithUnknownFields()
{
    return QJsonDocument::fromJson(QByteArrayLiteral(R"({
  "version": 1,
  "x-custom": { "keep": [1, 2, 3] },
  "clientKeys": [
    { "name": "a", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "active",
      "note": "laptop", "allowedModels": ["chat"], "rpm": 60 },
    { "name": "b", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "status": "disabled" }
  ],
  "models": []
})"))
        .object();
}

QJsonObject entry(const QJsonObject &root, const QString &name)
{
    const QJsonArray keys = root.value(QLatin1String("clientKeys")).toArray();
    for (const QJsonValue &v : keys) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

QStringList names(const QJsonObject &root)
{
    QStringList out;
    const QJsonArray keys = root.value(QLatin1String("clientKeys")).toArray();
    for (const QJsonValue &v : keys)
        out.append(v.toObject().value(QLatin1String("name")).toString());
    return out;
}

void verifyUnknownFieldsKept(const QJsonObject &root)
{
    QCOMPARE(
        root.value(QLatin1String("x-custom")).toObject().value(QLatin1String("keep")).toArray(),
        (QJsonArray {1, 2, 3}));
    QCOMPARE(root.value(QLatin1String("version")).toInt(), 1);
    QVERIFY(root.value(QLatin1String("models")).isArray());
    const QJsonObject a = entry(root, QStringLiteral("a"));
    QCOMPARE(a.value(QLatin1String("note")).toString(), QStringLiteral("laptop"));
    QCOMPARE(a.value(QLatin1String("allowedModels")).toArray(),
             QJsonArray {QStringLiteral("chat")});
    QCOMPARE(a.value(QLatin1String("rpm")).toInt(), 60);
    QCOMPARE(a.value(QLatin1String("sha256")).toString(), QString(64, QLatin1Char('a')));
}

} // namespace

class TestClientKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateShape();
    void generateUnique();
    void sha256Hex_data();
    void sha256Hex();
    void presentedKey_data();
    void presentedKey();
    void authenticate_data();
    void authenticate();
    void addKeepsEverythingElse();
    void addRefuses_data();
    void addRefuses();
    void setStatus();
    void setStatusUnknownName();
    void remove();
    void removeUnknownName();
    void addedKeyAuthenticatesAfterParse();
};

void TestClientKeys::generateShape()
{
    const QByteArray k = ClientKeys::generate();
    QVERIFY2(k.startsWith("sk-cg-"), k.constData());
    QCOMPARE(k.size(), 6 + 43);
    static const QRegularExpression urlSafe(QStringLiteral("^sk-cg-[A-Za-z0-9_-]{43}$"));
    QVERIFY2(urlSafe.match(QString::fromLatin1(k)).hasMatch(), k.constData());
}

void TestClientKeys::generateUnique()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(ClientKeys::generate());
    QCOMPARE(seen.size(), 1000);
}

void TestClientKeys::sha256Hex_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("hex");
    // FIPS 180-2 test vectors.
    QTest::newRow("abc") << QByteArrayLiteral("abc")
                         << QByteArrayLiteral(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("empty")
        << QByteArray()
        << QByteArrayLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("two blocks")
        << QByteArrayLiteral("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        << QByteArrayLiteral("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

void TestClientKeys::sha256Hex()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, hex);
    QCOMPARE(ClientKeys::sha256Hex(input), hex);
}

void TestClientKeys::presentedKey_data()
{
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("Bearer") << HeaderList {{"authorization", "Bearer sk-1"}}
                            << QByteArrayLiteral("sk-1");
    QTest::newRow("bearer lower-case scheme")
        << HeaderList {{"authorization", "bearer sk-1"}} << QByteArrayLiteral("sk-1");
    QTest::newRow("BEARER upper-case scheme")
        << HeaderList {{"authorization", "BEARER sk-1"}} << QByteArrayLiteral("sk-1");
    QTest::newRow("extra spaces trimmed")
        << HeaderList {{"authorization", "  Bearer   sk-1  "}} << QByteArrayLiteral("sk-1");
    QTest::newRow("x-api-key") << HeaderList {{"x-api-key", "sk-2"}} << QByteArrayLiteral("sk-2");
    QTest::newRow("x-api-key trimmed")
        << HeaderList {{"x-api-key", " sk-2 "}} << QByteArrayLiteral("sk-2");
    QTest::newRow("Bearer wins over x-api-key")
        << HeaderList {{"x-api-key", "sk-2"}, {"authorization", "Bearer sk-1"}}
        << QByteArrayLiteral("sk-1");
    QTest::newRow("other scheme falls back to x-api-key")
        << HeaderList {{"authorization", "Basic dXNlcjpwYXNz"}, {"x-api-key", "sk-2"}}
        << QByteArrayLiteral("sk-2");
    QTest::newRow("other scheme alone is no key")
        << HeaderList {{"authorization", "Basic dXNlcjpwYXNz"}} << QByteArray();
    QTest::newRow("Bearer without token")
        << HeaderList {{"authorization", "Bearer "}} << QByteArray();
    QTest::newRow("scheme glued to token is no key")
        << HeaderList {{"authorization", "Bearersk-1"}} << QByteArray();
    QTest::newRow("no headers") << HeaderList {} << QByteArray();
}

void TestClientKeys::presentedKey()
{
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, expected);
    QCOMPARE(ClientKeys::presentedKey(request(headers)), expected);
}

void TestClientKeys::authenticate_data()
{
    QTest::addColumn<bool>("withKeys");
    QTest::addColumn<bool>("loopbackOnly");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<int>("status"); // 0: allowed
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("keyName"); // empty: anonymous

    QTest::newRow("missing key") << true << true << HeaderList {} << 401
                                 << QByteArrayLiteral("missing_api_key") << QString();
    QTest::newRow("empty bearer is missing")
        << true << true << HeaderList {{"authorization", "Bearer  "}} << 401
        << QByteArrayLiteral("missing_api_key") << QString();
    QTest::newRow("wrong key") << true << true
                               << HeaderList {{"authorization", "Bearer sk-cg-mallory"}} << 401
                               << QByteArrayLiteral("invalid_api_key") << QString();
    QTest::newRow("disabled key") << true << true
                                  << HeaderList {{"authorization", "Bearer sk-cg-bob"}} << 401
                                  << QByteArrayLiteral("invalid_api_key") << QString();
    QTest::newRow("hash instead of key")
        << true << true
        << HeaderList {{"authorization", "Bearer " + ClientKeys::sha256Hex("sk-cg-alice")}} << 401
        << QByteArrayLiteral("invalid_api_key") << QString();
    QTest::newRow("active key by Bearer")
        << true << true << HeaderList {{"authorization", "Bearer sk-cg-alice"}} << 0 << QByteArray()
        << QStringLiteral("alice");
    QTest::newRow("active key by x-api-key")
        << true << false << HeaderList {{"x-api-key", "sk-cg-carol"}} << 0 << QByteArray()
        << QStringLiteral("carol");
    QTest::newRow("keys are case-sensitive")
        << true << true << HeaderList {{"authorization", "Bearer SK-CG-ALICE"}} << 401
        << QByteArrayLiteral("invalid_api_key") << QString();
    QTest::newRow("no keys on loopback: anonymous")
        << false << true << HeaderList {} << 0 << QByteArray() << QString();
    QTest::newRow("no keys on loopback with a key: anonymous")
        << false << true << HeaderList {{"authorization", "Bearer whatever"}} << 0 << QByteArray()
        << QString();
    QTest::newRow("no keys, not loopback: refused")
        << false << false << HeaderList {} << 401 << QByteArrayLiteral("missing_api_key")
        << QString();
    QTest::newRow("no keys, not loopback, some key: refused")
        << false << false << HeaderList {{"authorization", "Bearer whatever"}} << 401
        << QByteArrayLiteral("invalid_api_key") << QString();
}

void TestClientKeys::authenticate()
{
    QFETCH(bool, withKeys);
    QFETCH(bool, loopbackOnly);
    QFETCH(HeaderList, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    QFETCH(QString, keyName);

    const Config config = withKeys ? configWithKeys() : Config();
    const auto result = ClientKeys::authenticate(request(headers), config, loopbackOnly);
    if (status == 0) {
        QVERIFY2(std::holds_alternative<const ClientKey *>(result),
                 std::holds_alternative<ApiError>(result)
                     ? std::get<ApiError>(result).code.constData()
                     : "");
        const ClientKey *k = std::get<const ClientKey *>(result);
        if (keyName.isEmpty()) {
            QVERIFY(k == nullptr);
        } else {
            QVERIFY(k != nullptr);
            QCOMPARE(k->name, keyName);
            QVERIFY(k->active);
        }
    } else {
        QVERIFY(std::holds_alternative<ApiError>(result));
        const ApiError e = std::get<ApiError>(result);
        QCOMPARE(e.status, status);
        QCOMPARE(e.code, code);
        // The presented key never appears in the error.
        for (const auto &h : headers) {
            const QByteArray presented = h.second.mid(h.second.indexOf(' ') + 1).trimmed();
            if (!presented.isEmpty())
                QVERIFY(!e.body().contains(presented));
        }
    }
}

void TestClientKeys::addKeepsEverythingElse()
{
    QJsonObject root = rootWithUnknownFields();
    const QByteArray plaintext = ClientKeys::generate();
    QCOMPARE(ClientKeys::add(root, QStringLiteral("new"), plaintext), QString());
    QCOMPARE(names(root),
             (QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("new")}));
    const QJsonObject added = entry(root, QStringLiteral("new"));
    QCOMPARE(added.value(QLatin1String("sha256")).toString(),
             QString::fromLatin1(ClientKeys::sha256Hex(plaintext)));
    QCOMPARE(added.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    // Only the hash is stored.
    QVERIFY(!QJsonDocument(root).toJson().contains(plaintext));
    verifyUnknownFieldsKept(root);

    // Into a root that has no clientKeys yet.
    QJsonObject bare {{QStringLiteral("version"), 1}};
    QCOMPARE(ClientKeys::add(bare, QStringLiteral("first"), QByteArrayLiteral("sk-x")), QString());
    QCOMPARE(names(bare), QStringList {QStringLiteral("first")});
    QCOMPARE(bare.value(QLatin1String("version")).toInt(), 1);
}

void TestClientKeys::addRefuses_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("duplicate name") << QStringLiteral("a") << QStringLiteral("exists already");
    QTest::newRow("duplicate of a disabled key")
        << QStringLiteral("b") << QStringLiteral("exists already");
    QTest::newRow("empty name") << QString() << QStringLiteral("needs a name");
    QTest::newRow("blank name") << QStringLiteral("   ") << QStringLiteral("needs a name");
}

void TestClientKeys::addRefuses()
{
    QFETCH(QString, name);
    QFETCH(QString, errorPart);
    QJsonObject root = rootWithUnknownFields();
    const QJsonObject before = root;
    const QString error = ClientKeys::add(root, name, QByteArrayLiteral("sk-dup"));
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QCOMPARE(root, before);
}

void TestClientKeys::setStatus()
{
    QJsonObject root = rootWithUnknownFields();
    QCOMPARE(ClientKeys::setStatus(root, QStringLiteral("a"), false), QString());
    QCOMPARE(entry(root, QStringLiteral("a")).value(QLatin1String("status")).toString(),
             QStringLiteral("disabled"));
    verifyUnknownFieldsKept(root);
    QCOMPARE(entry(root, QStringLiteral("b")).value(QLatin1String("status")).toString(),
             QStringLiteral("disabled"));

    QCOMPARE(ClientKeys::setStatus(root, QStringLiteral("b"), true), QString());
    QCOMPARE(entry(root, QStringLiteral("b")).value(QLatin1String("status")).toString(),
             QStringLiteral("active"));
    QCOMPARE(names(root), (QStringList {QStringLiteral("a"), QStringLiteral("b")})); // order kept

    QCOMPARE(ClientKeys::setStatus(root, QStringLiteral("a"), true), QString());
    verifyUnknownFieldsKept(root);
    QCOMPARE(entry(root, QStringLiteral("a")).value(QLatin1String("status")).toString(),
             QStringLiteral("active"));
}

void TestClientKeys::setStatusUnknownName()
{
    QJsonObject root = rootWithUnknownFields();
    const QJsonObject before = root;
    const QString error = ClientKeys::setStatus(root, QStringLiteral("zed"), false);
    QVERIFY2(error.contains(QLatin1String("zed")), qPrintable(error));
    QCOMPARE(root, before);
}

void TestClientKeys::remove()
{
    QJsonObject root = rootWithUnknownFields();
    QCOMPARE(ClientKeys::remove(root, QStringLiteral("b")), QString());
    QCOMPARE(names(root), QStringList {QStringLiteral("a")});
    verifyUnknownFieldsKept(root);
    QCOMPARE(ClientKeys::remove(root, QStringLiteral("a")), QString());
    QVERIFY(names(root).isEmpty());
    QVERIFY(root.value(QLatin1String("clientKeys")).isArray());
    QVERIFY(root.contains(QLatin1String("x-custom")));
}

void TestClientKeys::removeUnknownName()
{
    QJsonObject root = rootWithUnknownFields();
    const QJsonObject before = root;
    const QString error = ClientKeys::remove(root, QStringLiteral("zed"));
    QVERIFY2(error.contains(QLatin1String("zed")), qPrintable(error));
    QCOMPARE(root, before);
}

void TestClientKeys::addedKeyAuthenticatesAfterParse()
{
    // The edit produces what the parser reads and authenticate accepts; disabling it refuses.
    QJsonObject root
        = QJsonDocument::fromJson(
              QByteArrayLiteral(
                  R"({"providers":{"p":{"baseUrl":"http:\/\/127.0.0.1:9\/v1"}},"models":[{"alias":"a","backends":[{"provider":"p","model":"m"}]}]})"))
              .object();
    const QByteArray plaintext = ClientKeys::generate();
    QCOMPARE(ClientKeys::add(root, QStringLiteral("cli"), plaintext), QString());
    const auto noEnv = [](const QString &) -> std::optional<QString> { return std::nullopt; };

    ConfigParseResult r = ConfigParser::parse(QJsonDocument(root).toJson(), noEnv);
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    auto result = ClientKeys::authenticate(request({{"authorization", "Bearer " + plaintext}}),
                                           *r.config, true);
    QVERIFY(std::holds_alternative<const ClientKey *>(result));
    QCOMPARE(std::get<const ClientKey *>(result)->name, QStringLiteral("cli"));

    QCOMPARE(ClientKeys::setStatus(root, QStringLiteral("cli"), false), QString());
    r = ConfigParser::parse(QJsonDocument(root).toJson(), noEnv);
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    result = ClientKeys::authenticate(request({{"authorization", "Bearer " + plaintext}}),
                                      *r.config, true);
    QVERIFY(std::holds_alternative<ApiError>(result));
    QCOMPARE(std::get<ApiError>(result).code, QByteArrayLiteral("invalid_api_key"));
}

QTEST_GUILESS_MAIN(TestClientKeys)
#include "tst_clientkeys.moc"

// The pieces a request signature is made of: templates with placeholders, parsed once and
// rendered per request, and the digests and encodings, checked against published vectors.
#include "auth/signingdigest.h"
#include "auth/signingtemplate.h"

#include <QtTest>

using namespace clawgate;

class TestSigningTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersPlaceholders_data();
    void rendersPlaceholders();
    void unknownPlaceholderIsNamed_data();
    void unknownPlaceholderIsNamed();
    void environmentNamesAreListed();
    void digestsMatchKnownVectors_data();
    void digestsMatchKnownVectors();
};

void TestSigningTemplate::rendersPlaceholders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one placeholder") << "{appId}"
                                     << "app-1";
    QTest::newRow("joined by line breaks") << "{appId}\n{timestamp}\n{method}"
                                           << "app-1\n1700000000\nPOST";
    QTest::newRow("repeated") << "{appId}{appId}"
                              << "app-1app-1";
    QTest::newRow("environment value") << "x={env:REGION}"
                                       << "x=cn-north";
    QTest::newRow("literal text around") << "Bearer {appId}."
                                         << "Bearer app-1.";
    QTest::newRow("braces that are not a placeholder stay") << R"({"app":"{appId}"} { appId} {})"
                                                            << R"({"app":"app-1"} { appId} {})";
    QTest::newRow("no placeholder") << "plain"
                                    << "plain";
    QTest::newRow("empty") << QString() << QString();
}

void TestSigningTemplate::rendersPlaceholders()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    const auto parsed = SigningTemplate::parse(
        text, {QStringLiteral("appId"), QStringLiteral("timestamp"), QStringLiteral("method")},
        &error);
    QVERIFY2(parsed, qPrintable(error));
    const QHash<QString, QString> values
        = {{QStringLiteral("appId"), QStringLiteral("app-1")},
           {QStringLiteral("timestamp"), QStringLiteral("1700000000")},
           {QStringLiteral("method"), QStringLiteral("POST")},
           {QStringLiteral("env:REGION"), QStringLiteral("cn-north")}};
    QCOMPARE(parsed->render(values), expected);
}

void TestSigningTemplate::unknownPlaceholderIsNamed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    QTest::newRow("misspelt") << "{appid}\n{timestamp}"
                              << "{appid}";
    QTest::newRow("not allowed here") << "Bearer {secret}"
                                      << "{secret}";
    QTest::newRow("env without a name") << "{env:}" << QString();
    QTest::newRow("several, each named once") << "{a}{b}{a}"
                                              << "{a}, {b}";
}

void TestSigningTemplate::unknownPlaceholderIsNamed()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    QString error;
    const auto parsed = SigningTemplate::parse(
        text, {QStringLiteral("appId"), QStringLiteral("timestamp")}, &error);
    if (named.isEmpty()) { // "{env:}" is no placeholder at all: kept as text
        QVERIFY(parsed);
        QCOMPARE(parsed->render({}), text);
        return;
    }
    QVERIFY(!parsed);
    QVERIFY2(error.contains(QLatin1String("unknown placeholder ") + named), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("{appId}")), qPrintable(error)); // says what exists
}

void TestSigningTemplate::environmentNamesAreListed()
{
    QString error;
    const auto parsed = SigningTemplate::parse(QStringLiteral("{env:A}-{appId}-{env:B_2}-{env:A}"),
                                               {QStringLiteral("appId")}, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->environmentNames(),
             (QStringList {QStringLiteral("A"), QStringLiteral("B_2")}));
    QVERIFY(parsed->uses(QStringLiteral("appId")));
    QVERIFY(!parsed->uses(QStringLiteral("timestamp")));
}

void TestSigningTemplate::digestsMatchKnownVectors_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("expected");
    // RFC 4231, test case 2.
    const QByteArray jefe = "Jefe", want = "what do ya want for nothing?";
    QTest::newRow("hmac-sha256 RFC 4231 case 2, hex")
        << "hmac-sha256"
        << "hex" << jefe << want
        << "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    QTest::newRow("hmac-sha256 RFC 4231 case 2, HEX")
        << "hmac-sha256"
        << "HEX" << jefe << want
        << "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843";
    QTest::newRow("hmac-sha256 RFC 4231 case 2, base64")
        << "hmac-sha256"
        << "base64" << jefe << want << "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";
    // FIPS 180-2 and RFC 1321 examples; a plain digest ignores the key.
    QTest::newRow("sha256 of abc")
        << "sha256"
        << "hex" << jefe << QByteArray("abc")
        << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("md5 of abc") << "md5"
                                << "hex" << QByteArray() << QByteArray("abc")
                                << "900150983cd24fb0d6963f7d28e17f72";
    QTest::newRow("md5 of nothing, HEX")
        << "md5"
        << "HEX" << QByteArray() << QByteArray() << "D41D8CD98F00B204E9800998ECF8427E";
}

void TestSigningTemplate::digestsMatchKnownVectors()
{
    QFETCH(QString, algorithm);
    QFETCH(QString, encoding);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, message);
    QFETCH(QString, expected);
    const QString &algorithmName = algorithm;
    const QString &encodingName = encoding;
    QVERIFY(digestAlgorithmNames().contains(algorithmName));
    QVERIFY(digestEncodingNames().contains(encodingName));
    QCOMPARE(encodeDigest(digestOf(digestAlgorithmNamed(algorithmName), key, message),
                          digestEncodingNamed(encodingName)),
             expected);
}

QTEST_GUILESS_MAIN(TestSigningTemplate)
#include "tst_signingtemplate.moc"

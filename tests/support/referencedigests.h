// Digests computed straight with OpenSSL, for tests that check a request signature the way the
// upstream platform would: independently of the gateway's own signing code.
#pragma once

#include <QByteArray>

namespace reference {

QByteArray hmacSha256(const QByteArray &key, const QByteArray &message);
QByteArray sha256(const QByteArray &message);
QByteArray md5(const QByteArray &message);

} // namespace reference

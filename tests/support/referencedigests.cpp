#include "referencedigests.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace reference {

namespace {

QByteArray digest(const EVP_MD *md, const QByteArray &message)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(message.constData(), size_t(message.size()), out, &length, md, nullptr);
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

} // namespace

QByteArray hmacSha256(const QByteArray &key, const QByteArray &message)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()),
         reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()), out,
         &length);
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

QByteArray sha256(const QByteArray &message)
{
    return digest(EVP_sha256(), message);
}

QByteArray md5(const QByteArray &message)
{
    return digest(EVP_md5(), message);
}

} // namespace reference

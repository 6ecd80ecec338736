// How a provider proves who it is to its upstream. Each way (a bearer key, a key in a named
// header, a fixed token, a request signature, a token got by logging in) is one AuthStrategy,
// built once from the provider's `auth` object when the configuration is parsed and then
// applied to every request sent to that provider. Strategies are immutable and shared by every
// request of a configuration; what changes per request (the time, a login token) comes in the
// SigningContext.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawgate {

struct UpstreamRequest;

struct SigningContext
{
    qint64 nowMs = 0; // milliseconds since the Unix epoch; 0: the system clock's now
    QString upstreamModel; // the model name sent upstream
    QByteArray token; // what a strategy that needsToken() got for this request
};

class AuthStrategy
{
public:
    virtual ~AuthStrategy() = default;

    // Adds what this strategy puts on a request (headers, query items, body fields) to a
    // request that is otherwise complete: its URL and body are the ones that will be sent.
    virtual void sign(UpstreamRequest &request, const SigningContext &context) const = 0;

    // Values that must never appear in text shown to people (upstream error bodies echo
    // headers): every secret this strategy holds or derives.
    virtual QStringList secrets() const = 0;

    // True when a request must first get a token (from the gateway's token cache) and pass it
    // in SigningContext::token.
    virtual bool needsToken() const { return false; }
};

// What a strategy's factory may read from the provider's `auth` object. Every error names the
// field and line; a secret that cannot be had makes the provider unavailable with a reason,
// never the configuration invalid (so validity never depends on a secret's value).
class AuthFieldReader
{
public:
    virtual ~AuthFieldReader() = default;

    // A text field with ${ENV} references expanded (an unset variable makes the provider
    // unavailable); line breaks are refused, as the value may end up in a header.
    virtual QString text(const QString &key, const QString &fallback = {}) = 0;
    // A secret field: `keychain:NAME`, ${ENV} references, or a literal (warned about).
    virtual QString secret(const QString &key) = 0;
    // The provider's own `apiKey`, already resolved; empty when it has none.
    virtual QString apiKey() const = 0;
    // A header name (an RFC 9110 token); `fallback` when the field is absent, and an error
    // when it is absent without a fallback.
    virtual QByteArray headerName(const QString &key, const QString &fallback = {}) = 0;
    virtual qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max) = 0;
    // A field that must be one of `allowed`; `allowed.first()` when absent.
    virtual QString choice(const QString &key, const QStringList &allowed) = 0;
    // An object of string values, e.g. header templates; values are not expanded.
    virtual QList<QPair<QString, QString>> stringMap(const QString &key) = 0;
    virtual bool has(const QString &key) const = 0;
    // The value of an environment variable at load time, nullopt when unset.
    virtual std::optional<QString> environment(const QString &name) const = 0;
    virtual void error(const QString &key, const QString &message) = 0;
    // A text field exactly as written, nothing expanded and line breaks kept: a template that
    // the strategy parses itself (a string to sign joins its parts with "\n").
    virtual QString raw(const QString &key, const QString &fallback = {}) = 0;
    // Makes the provider unavailable, as an unset ${ENV} does: `problem` says why (never with a
    // secret value) and the reason names the provider and the field.
    virtual void unavailable(const QString &key, const QString &problem) = 0;
};

} // namespace clawgate

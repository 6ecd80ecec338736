// A text with `{name}` placeholders, as used by the `hmac` auth strategy for its string to sign
// and for the headers, query items and body fields that carry the result. Parsed once when the
// configuration is loaded, so an unknown placeholder is a configuration error naming it rather
// than a request that fails later; rendered for every request.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawgate {

class SigningTemplate
{
public:
    // `allowed` lists the placeholder names the text may use; `{env:NAME}` is always allowed
    // (its value is bound by the caller under the name "env:NAME"). On an unknown placeholder
    // returns nullopt and sets `error` to a message naming every unknown one.
    static std::optional<SigningTemplate> parse(const QString &text, const QStringList &allowed,
                                                QString *error);

    bool uses(const QString &placeholder) const { return m_used.contains(placeholder); }
    // The NAMEs of every `{env:NAME}` in the text.
    QStringList environmentNames() const;
    // The text with each placeholder replaced by its value in `values` (empty when missing).
    QString render(const QHash<QString, QString> &values) const;

private:
    struct Piece
    {
        bool placeholder = false;
        QString text; // the literal, or the placeholder's name
    };
    QList<Piece> m_pieces;
    QStringList m_used;
};

} // namespace clawgate

// What the two request translators (Anthropic → chat, chat → Anthropic) share: the route's
// options, the body being written, the fields left out on purpose, and the rule that the first
// failure is the one the client hears about (the later ones are only its consequences).
#pragma once

#include "translation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace clawgate {

class RequestTranslator
{
protected:
    explicit RequestTranslator(const TranslationOptions &options)
        : m_options(options)
    {
    }

    // Records a 400 naming `param` unless an earlier failure is recorded; false, so that a
    // caller can `return fail(...)`.
    bool fail(const QString &param, const QString &message)
    {
        if (!m_failure)
            m_failure = Translation::failure(400, param, message);
        return false;
    }
    void drop(const QString &path) { m_dropped.append(path); }

    // The route's model when it names one, else the client's.
    void writeModel(const QJsonObject &request)
    {
        m_out.insert(QLatin1String("model"),
                     m_options.model.isEmpty() ? request.value(QLatin1String("model"))
                                               : QJsonValue(m_options.model));
    }

    // The request written so far, with the paths left out.
    Translation finished() const { return Translation::success(m_out, m_dropped); }

    const TranslationOptions &m_options;
    QJsonObject m_out;
    QJsonArray m_messages;
    QStringList m_dropped;
    std::optional<Translation> m_failure;
};

} // namespace clawgate

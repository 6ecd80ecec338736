// What the request translators that build their body as Qt's JSON objects share: the route's
// options and the body being written, besides the outcome every translator keeps.
#pragma once

#include "translationoutcome.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace clawgate {

class RequestTranslator : public TranslationOutcome
{
protected:
    explicit RequestTranslator(const TranslationOptions &options)
        : m_options(options)
    {
    }

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
};

} // namespace clawgate

#include "chatstreamtext.h"

#include "upstream/streamevents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clawgate {

ChatStreamPiece readChatStreamEvent(const SseEvent &event)
{
    ChatStreamPiece piece;
    if (!event.hasData)
        return piece;
    if (event.data.trimmed() == "[DONE]") {
        piece.done = true;
        return piece;
    }
    if (isErrorEvent(event)) {
        piece.error = errorMessageOf(event.data);
        return piece;
    }
    const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
    const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().first().toObject();
    piece.text = choice.value(QLatin1String("delta"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString();
    return piece;
}

QString errorMessageOf(const QByteArray &body)
{
    const QJsonValue error = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    QString message = error.isObject() ? error.toObject().value(QLatin1String("message")).toString()
                                       : error.toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body);
    return message.simplified();
}

} // namespace clawgate

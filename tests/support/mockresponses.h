#pragma once

#include "mockbehavior.h"

struct HttpRequest;

// A behaviour with every default filled in: either a complete body or the stream events.
struct MockPlan
{
    MockBehavior behavior;
    bool stream = false;
};

// Builds the default answers: OpenAI-shaped, and Anthropic-shaped on /messages and
// /messages/count_tokens (errors included). The JSON is assembled by hand rather than with
// QJsonDocument because the mock is benchmarked at tens of thousands of requests per second.
namespace MockResponses {

MockPlan resolve(const QString &route, const QByteArray &endpoint, const HttpRequest &request,
                 const MockBehavior &behavior);
QByteArray reasonPhrase(int status);
QByteArray errorBody(int status, const QByteArray &message);

} // namespace MockResponses

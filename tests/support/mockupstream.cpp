#include "mockupstream.h"

#include "httprequestparser.h"
#include "mockconnection.h"
#include "mockcontrol.h"
#include "mockresponses.h"

#include <QJsonDocument>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

#include <sys/resource.h>

namespace {

// Hundreds of concurrent streams need more descriptors than some default soft limits give.
void raiseFileLimit()
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

} // namespace

MockUpstream::MockUpstream(QObject *parent)
    : QObject(parent)
{
}

MockUpstream::~MockUpstream()
{
    stop();
}

bool MockUpstream::start(quint16 port)
{
    raiseFileLimit();
    stop();
    m_server = new QTcpServer(this);
    // A burst of hundreds of connects must not overflow the accept queue (default 50).
    m_server->setListenBacklogSize(4096);
    m_server->setMaxPendingConnections(100000);
    connect(m_server, &QTcpServer::newConnection, this, &MockUpstream::onNewConnection);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        qWarning("MockUpstream: cannot listen on port %u: %s", port,
                 qPrintable(m_server->errorString()));
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_port.store(m_server->serverPort());
    return true;
}

void MockUpstream::stop()
{
    if (!m_server)
        return;
    m_server->close();
    delete m_server;
    m_server = nullptr;
    const QList<MockConnection *> connections = findChildren<MockConnection *>();
    for (MockConnection *c : connections) {
        c->shutdown();
        delete c;
    }
    m_port.store(0);
}

QString MockUpstream::baseUrl(const QString &route) const
{
    return QStringLiteral("http://127.0.0.1:%1/%2/v1").arg(QString::number(port()), route);
}

void MockUpstream::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        new MockConnection(socket, this);
}

void MockUpstream::setBehavior(const QString &route, const MockBehavior &behavior)
{
    QMutexLocker lock(&m_mutex);
    m_routes[route].standing = behavior;
}

void MockUpstream::enqueue(const QString &route, const MockBehavior &behavior)
{
    QMutexLocker lock(&m_mutex);
    m_routes[route].queue.append(behavior);
}

void MockUpstream::reset()
{
    QMutexLocker lock(&m_mutex);
    m_routes.clear();
    m_requests.clear();
    m_totalRequests = 0;
    m_totalAborted = 0;
    m_validTokens.clear();
    m_peakRequests.store(m_activeRequests.load());
}

void MockUpstream::setLogin(const QString &route, const MockLogin &login)
{
    QMutexLocker lock(&m_mutex);
    m_routes[route].login = login;
}

void MockUpstream::requireLoginToken(const QString &route)
{
    QMutexLocker lock(&m_mutex);
    m_routes[route].requireToken = true;
}

void MockUpstream::revokeLoginTokens()
{
    QMutexLocker lock(&m_mutex);
    m_validTokens.clear();
}

MockBehavior MockUpstream::answerLogin(const MockLogin &login, const MockRequest &request)
{
    const QJsonObject credentials = request.json();
    const QByteArray username = credentials.value(QLatin1String("username")).toString().toUtf8();
    const QByteArray password = credentials.value(QLatin1String("password")).toString().toUtf8();
    MockBehavior answer;
    answer.stream = false;
    answer.headerDelayMs = login.delayMs;
    if (username != login.username || password != login.password) {
        answer.status = 401;
        answer.body = MockResponses::errorBody(401,
                                               "invalid password '" + mockJsonEscape(password)
                                                   + "' for " + mockJsonEscape(username));
        return answer;
    }
    const QByteArray token = "sk-login-token-" + QByteArray::number(++m_tokensIssued);
    m_validTokens.insert(token);
    answer.body = QByteArray(login.reply).replace("%TOKEN%", token);
    return answer;
}

QList<MockRequest> MockUpstream::requests(const QString &route) const
{
    QMutexLocker lock(&m_mutex);
    if (route.isEmpty())
        return m_requests;
    QList<MockRequest> out;
    for (const MockRequest &r : m_requests) {
        if (r.route == route)
            out.append(r);
    }
    return out;
}

int MockUpstream::requestCount(const QString &route) const
{
    QMutexLocker lock(&m_mutex);
    return route.isEmpty() ? m_totalRequests : m_routes.value(route).requests;
}

int MockUpstream::abortedByClient(const QString &route) const
{
    QMutexLocker lock(&m_mutex);
    return route.isEmpty() ? m_totalAborted : m_routes.value(route).aborted;
}

qint64 MockUpstream::floodBytesSent(const QString &route, int index) const
{
    QMutexLocker lock(&m_mutex);
    return m_routes.value(route).floodSent.value(index, -1);
}

int MockUpstream::beginFlood(const QString &route)
{
    QMutexLocker lock(&m_mutex);
    QList<qint64> &sent = m_routes[route].floodSent;
    sent.append(0);
    return int(sent.size() - 1);
}

void MockUpstream::addFloodBytes(const QString &route, int index, qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    QList<qint64> &sent = m_routes[route].floodSent;
    if (index < sent.size()) // reset() may have forgotten it
        sent[index] += bytes;
}

MockBehavior MockUpstream::beginRequest(MockRequest &&request)
{
    const int active = ++m_activeRequests;
    int peak = m_peakRequests.load();
    while (active > peak && !m_peakRequests.compare_exchange_weak(peak, active)) { }

    QMutexLocker lock(&m_mutex);
    RouteState &state = m_routes[request.route];
    ++state.requests;
    ++m_totalRequests;
    const bool queued = !state.queue.isEmpty();
    MockBehavior behavior = queued ? state.queue.takeFirst() : state.standing;
    if (state.login && !queued) {
        behavior = answerLogin(*state.login, request);
    } else if (state.requireToken) {
        const auto carriesToken = [this](const QPair<QByteArray, QByteArray> &header) {
            const QByteArray &value = header.second;
            return m_validTokens.contains(value.startsWith("Bearer ") ? value.mid(7) : value);
        };
        if (std::none_of(request.headers.begin(), request.headers.end(), carriesToken))
            behavior = MockBehavior::error(401);
    }
    if (m_recording.load())
        m_requests.append(std::move(request));
    return behavior;
}

void MockUpstream::endRequest(const QString &route, bool abortedByClient)
{
    --m_activeRequests;
    if (!abortedByClient)
        return;
    {
        QMutexLocker lock(&m_mutex);
        ++m_routes[route].aborted;
        ++m_totalAborted;
    }
    Q_EMIT clientAborted(route);
}

void MockUpstream::handleControl(const HttpRequest &request, int *status, QByteArray *body)
{
    const qsizetype query = request.path.indexOf('?');
    const QByteArray path = query < 0 ? request.path : request.path.left(query);
    const QList<QByteArray> parts = path.split('/'); // "", "_mock", verb, route
    const QByteArray verb = parts.value(2);
    const QString route = QString::fromUtf8(parts.value(3));
    const QJsonObject json = QJsonDocument::fromJson(request.body).object();
    const QByteArray ok = QByteArrayLiteral(R"({"ok":true})");
    *status = 200;
    if (verb == "behavior" && !route.isEmpty() && request.method != "GET") {
        setBehavior(route, MockControl::behaviorFromJson(json));
        *body = ok;
    } else if (verb == "enqueue" && !route.isEmpty() && request.method != "GET") {
        enqueue(route, MockControl::behaviorFromJson(json));
        *body = ok;
    } else if (verb == "reset" && request.method != "GET") {
        reset();
        *body = ok;
    } else if (verb == "requests") {
        *body = QJsonDocument(MockControl::requestsToJson(requests(route))).toJson();
    } else if (verb == "stats") {
        const QJsonObject stats {{QLatin1String("requests"), requestCount(route)},
                                 {QLatin1String("aborted"), abortedByClient(route)},
                                 {QLatin1String("peakConcurrent"), peakConcurrentRequests()},
                                 {QLatin1String("activeRequests"), activeRequests()},
                                 {QLatin1String("openConnections"), openConnections()}};
        *body = QJsonDocument(stats).toJson(QJsonDocument::Compact);
    } else {
        *status = 404;
        *body = MockResponses::errorBody(404, QByteArrayLiteral("unknown control request"));
    }
}

MockUpstreamThread::MockUpstreamThread(quint16 port)
{
    m_thread.setObjectName(QStringLiteral("MockUpstream"));
    m_thread.start();
    m_mock = new MockUpstream;
    m_mock->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_mock, &QObject::deleteLater);
    MockUpstream *mock = m_mock;
    bool listening = false;
    QMetaObject::invokeMethod(
        m_mock, [mock, port, &listening] { listening = mock->start(port); },
        Qt::BlockingQueuedConnection);
    m_listening = listening;
}

MockUpstreamThread::~MockUpstreamThread()
{
    MockUpstream *mock = m_mock;
    QMetaObject::invokeMethod(
        m_mock, [mock] { mock->stop(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

#include "logintransfer.h"

namespace clawgate {

LoginTransfer::LoginTransfer(CurlMulti *curl, UpstreamRequest request,
                             std::function<void(const LoginAnswer &)> finished, QObject *parent)
    : QObject(parent)
    , m_transfer(std::make_unique<UpstreamTransfer>(curl, std::move(request), this))
    , m_finished(std::move(finished))
{
}

LoginTransfer::~LoginTransfer() = default;

void LoginTransfer::start()
{
    m_transfer->start();
}

void LoginTransfer::upstreamHeaders(int status, const HeaderList &)
{
    m_answer.status = status;
}

void LoginTransfer::upstreamData(const QByteArray &data)
{
    if (m_answer.body.size() < kMaxBody)
        m_answer.body.append(data.left(kMaxBody - m_answer.body.size()));
}

void LoginTransfer::upstreamFinished(const UpstreamResult &result)
{
    m_answer.transport = result;
    // Called from inside libcurl: whoever hears of the token may start transfers of its own.
    QMetaObject::invokeMethod(
        this, [this] { m_finished(m_answer); }, Qt::QueuedConnection);
}

} // namespace clawgate

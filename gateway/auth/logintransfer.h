// One login: the POST to an auth URL through the gateway's upstream client, its answer held (up
// to a bound) and handed over once the transfer has ended, from the event loop, never from
// inside libcurl.
#pragma once

#include "upstream/upstreamtransfer.h"

#include <functional>
#include <memory>

namespace clawgate {

struct LoginAnswer
{
    int status = 0; // 0: no response came
    QByteArray body; // at most kMaxBody bytes of it
    UpstreamResult transport;
};

class LoginTransfer final : public QObject, public UpstreamListener
{
    Q_OBJECT
public:
    // A token reply is small; an endless one must not fill the memory.
    static constexpr qsizetype kMaxBody = 256 * 1024;

    LoginTransfer(CurlMulti *curl, UpstreamRequest request,
                  std::function<void(const LoginAnswer &)> finished, QObject *parent = nullptr);
    ~LoginTransfer() override;

    void start();

private:
    void upstreamHeaders(int status, const HeaderList &headers) override;
    void upstreamData(const QByteArray &data) override;
    void upstreamFinished(const UpstreamResult &result) override;

    std::unique_ptr<UpstreamTransfer> m_transfer;
    std::function<void(const LoginAnswer &)> m_finished;
    LoginAnswer m_answer;
};

} // namespace clawgate

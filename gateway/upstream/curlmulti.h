// Drives one libcurl multi handle on the thread that owns it: libcurl tells us which sockets to
// watch and when to wake up, QSocketNotifier and a single-shot QTimer tell libcurl when that
// happens. One instance per gateway thread, shared by every provider, so connections to an
// upstream host are reused across requests and there is no per-host connection cap and no
// extra thread.
#pragma once

#include <QHash>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <curl/curl.h>

namespace clawgate {

class UpstreamTransfer;

class CurlMulti : public QObject
{
    Q_OBJECT
public:
    explicit CurlMulti(QObject *parent = nullptr);
    ~CurlMulti() override;

    void add(UpstreamTransfer *transfer);
    // Detaches at once; libcurl closes or keeps the connection. Safe to call from anywhere but a
    // libcurl callback.
    void remove(UpstreamTransfer *transfer);

    // Easy handles are reused: setting one up from scratch costs more than the request itself
    // on a fast local upstream.
    CURL *takeEasyHandle();
    void returnEasyHandle(CURL *easy);

private:
    // The notifiers of one socket. Kept when libcurl stops watching it (a connection going idle
    // in its cache does that after every request) and reused for the next socket with that
    // descriptor: creating and destroying notifiers per request was a measurable cost.
    struct SocketWatch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };
    static int onSocket(CURL *easy, curl_socket_t fd, int what, void *self, void *watch);
    static int onTimer(CURLM *multi, long timeoutMs, void *self);
    void watchSocket(curl_socket_t fd, int what);
    void socketAction(curl_socket_t fd, int eventMask);
    void collectFinished();

    CURLM *m_multi = nullptr;
    QTimer m_timer;
    QHash<CURL *, UpstreamTransfer *> m_transfers;
    QList<CURL *> m_spareHandles;
    QHash<curl_socket_t, SocketWatch> m_watches;
};

} // namespace clawgate

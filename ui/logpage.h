// The gateway's own log lines as they happen, newest at the bottom, capped so that a chatty
// gateway cannot grow the view without end. Pause keeps the view still while lines go on
// arriving (they are shown on resume, up to the cap). A page opened late starts with the lines
// the process-wide log ring still holds.
#pragma once

#include "service/gatewayservice.h"

#include <QWidget>

class QCheckBox;
class QPlainTextEdit;

namespace clawgate::ui {

class LogPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxLines = 5000;

    explicit LogPage(GatewayService &service, QWidget *parent = nullptr);

private:
    void append(const QList<LogLine> &lines);
    void flush();

    QPlainTextEdit *m_view;
    QCheckBox *m_pause;
    QList<LogLine> m_held; // while paused
    qint64 m_lastSequence = 0; // of the newest line taken: the ring and the service overlap
};

} // namespace clawgate::ui

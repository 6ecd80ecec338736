#include "logpage.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg:
    case QtFatalMsg: return QStringLiteral("error");
    }
    return {};
}

} // namespace

LogPage::LogPage(GatewayService &service, QWidget *parent)
    : QWidget(parent)
    , m_view(new QPlainTextEdit(this))
    , m_pause(new QCheckBox(tr("Pause"), this))
{
    m_view->setObjectName(QStringLiteral("gatewayLogView"));
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(kMaxLines);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setPlaceholderText(tr("The gateway's messages appear here: failovers, cooldowns, "
                                  "configuration reloads and problems."));
    m_pause->setObjectName(QStringLiteral("pauseLogCheckBox"));
    auto *clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("clearLogButton"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_pause);
    bar->addStretch();
    bar->addWidget(clear);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(bar);

    connect(&service, &GatewayService::logLines, this, &LogPage::append);
    append(LogSink::instance().linesAfter(0));
    connect(m_pause, &QCheckBox::toggled, this, [this](bool paused) {
        if (!paused)
            flush();
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        m_held.clear();
        m_view->clear();
    });
}

void LogPage::append(const QList<LogLine> &lines)
{
    for (const LogLine &line : lines) {
        if (line.sequence > m_lastSequence)
            m_held.append(line);
    }
    if (!lines.isEmpty())
        m_lastSequence = std::max(m_lastSequence, lines.last().sequence);
    if (m_held.size() > kMaxLines)
        m_held.remove(0, m_held.size() - kMaxLines);
    if (!m_pause->isChecked())
        flush();
}

void LogPage::flush()
{
    if (m_held.isEmpty())
        return;
    QStringList text;
    text.reserve(m_held.size());
    for (const LogLine &line : std::as_const(m_held))
        text.append(QStringLiteral("%1  %2  %3  %4")
                        .arg(line.time.toString(QStringLiteral("HH:mm:ss.zzz")),
                             levelName(line.level), line.category, line.message));
    m_held.clear();
    m_view->appendPlainText(text.join(QLatin1Char('\n'))); // one layout pass per batch
}

} // namespace clawgate::ui

#include "outboxstrip.h"

#include "chatsession.h"
#include "eventformatter.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A Say keeps its line breaks and tabs; one line of the strip shows it on one line.
QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t' || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            c = u' ';
    }
    return text;
}

QLabel *quietLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(false);
    label->setForegroundRole(QPalette::PlaceholderText); // grey on light and dark palettes
    // The text is elided to the width given, never the other way round: a long Say must
    // not widen the window.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->hide();
    return label;
}

} // namespace

OutboxStrip::OutboxStrip(ChatSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (int i = 0; i < MaxLines; ++i) {
        m_lines.append(quietLabel(u"outboxLine"_s, this));
        layout->addWidget(m_lines.constLast());
    }
    m_more = quietLabel(u"outboxMore"_s, this);
    layout->addWidget(m_more);
    hide(); // until a Say waits

    m_due.setSingleShot(true);
    connect(&m_due, &QTimer::timeout, this, &OutboxStrip::refresh);
    connect(m_session, &ChatSession::sayQueued, this, &OutboxStrip::refresh);
    connect(m_session, &ChatSession::sayDelivered, this, &OutboxStrip::refresh);
    connect(m_session, &ChatSession::sayFailed, this, &OutboxStrip::refresh);
    // Not joined: everything waiting shows; joined again: what is sent at once goes quiet.
    connect(m_session, &ChatSession::stateChanged, this, &OutboxStrip::refresh);
    refresh();
}

void OutboxStrip::setShowAfter(int ms)
{
    m_showAfterMs = qMax(0, ms);
    refresh();
}

void OutboxStrip::refresh()
{
    const bool joined = m_session->state() == ChatSession::State::Joined;
    QStringList texts;
    qint64 nextDueMs = -1;
    for (const Outbox::Entry &entry : m_session->outbox().entries()) {
        const qint64 waited = entry.queued.isValid() ? entry.queued.elapsed() : m_showAfterMs;
        if (!joined || waited >= m_showAfterMs) {
            texts.append(entry.text);
            continue;
        }
        const qint64 dueIn = m_showAfterMs - waited;
        nextDueMs = nextDueMs < 0 ? dueIn : qMin(nextDueMs, dueIn);
    }
    if (nextDueMs >= 0)
        m_due.start(int(nextDueMs));
    else
        m_due.stop();
    const qsizetype hidden = qMax<qsizetype>(0, texts.size() - MaxLines);
    texts.resize(qMin<qsizetype>(texts.size(), MaxLines));
    if (texts == m_texts && hidden == m_hidden)
        return;
    m_texts = texts;
    m_hidden = hidden;
    render();
}

void OutboxStrip::render()
{
    const QFontMetrics metrics(font());
    //: A Say queued or on its way, not yet confirmed by the server; %1 is its text.
    const QString empty = tr("sending… %1").arg(QString());
    const int available = width() - metrics.horizontalAdvance(empty);
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        QLabel *label = m_lines.at(i);
        if (i >= m_texts.size()) {
            label->clear();
            label->hide();
            continue;
        }
        // Before the first layout there is no width to elide to: a screenful will do.
        QString text = oneLine(m_texts.at(i).left(500));
        if (available > 0)
            text = metrics.elidedText(text, Qt::ElideRight, available);
        label->setText(tr("sending… %1").arg(EventFormatter::isolated(text)));
        label->show();
    }
    m_more->setText(tr("and %n more", nullptr, int(m_hidden)));
    m_more->setVisible(m_hidden > 0);
    setVisible(!m_texts.isEmpty());
}

void OutboxStrip::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        render();
    QWidget::changeEvent(event);
}

void OutboxStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    render();
}

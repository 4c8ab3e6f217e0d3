#include "transcriptsearch.h"

#include "roomlog.h"
#include "transcriptline.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Long enough that a query is not run for every key of a word being typed, short enough
// that the results seem to follow the typing.
constexpr std::chrono::milliseconds DefaultDebounce {400};

} // namespace

TranscriptSearch::TranscriptSearch(const RoomLog &log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
{
    m_edit = new QLineEdit;
    m_edit->setObjectName(u"searchEdit"_s);
    m_edit->setPlaceholderText(tr("Search the transcript…"));
    m_edit->setClearButtonEnabled(true);
    m_count = new QLabel;
    m_count->setObjectName(u"searchCount"_s);
    m_count->setTextFormat(Qt::PlainText);
    m_count->hide();

    // Plain-text items: a nickname or a chat line is shown as typed, never as markup.
    m_results = new QListWidget;
    m_results->setObjectName(u"searchResults"_s);
    m_results->setWordWrap(true);
    m_results->setUniformItemSizes(false);
    m_results->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_results->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins({});
    row->addWidget(m_edit, 1);
    row->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins({});
    layout->addLayout(row);
    layout->addWidget(m_results, 1);

    // Ctrl+F anywhere in the window, as in a browser or an editor.
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    addAction(find);
    connect(find, &QAction::triggered, this, [this] {
        m_edit->setFocus(Qt::ShortcutFocusReason);
        m_edit->selectAll();
    });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DefaultDebounce);
    connect(&m_debounce, &QTimer::timeout, this, &TranscriptSearch::search);
    connect(m_edit, &QLineEdit::textChanged, this, &TranscriptSearch::onTextChanged);
    connect(m_edit, &QLineEdit::returnPressed, this, &TranscriptSearch::search);
}

void TranscriptSearch::onTextChanged(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        // Back to the live log at once: nothing to wait for.
        m_debounce.stop();
        setSearching(false);
        return;
    }
    m_debounce.start();
}

void TranscriptSearch::search()
{
    m_debounce.stop();
    const QString query = m_edit->text().trimmed();
    if (query.isEmpty()) {
        setSearching(false);
        return;
    }
    showResults(query);
    setSearching(true);
}

void TranscriptSearch::showResults(const QString &query)
{
    const QList<RoomLog::Event> matches = m_log.search(query, MaxResults);
    m_results->clear();
    for (const RoomLog::Event &event : matches) {
        const std::optional<TranscriptLine> line = TranscriptLine::from(event);
        if (!line)
            continue;
        // Matches span days, so each carries its date; the live log's lines need none.
        const QString stamp = line->at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        m_results->addItem(stamp + u"  "_s + line->text);
    }
    const int count = m_results->count();
    m_count->setText(matches.size() >= MaxResults ? tr("The newest %n match(es)", nullptr, count)
                                                  : tr("%n match(es)", nullptr, count));
    m_results->scrollToTop();
}

void TranscriptSearch::setSearching(bool searching)
{
    m_results->setVisible(searching);
    m_count->setVisible(searching);
    if (searching == m_searching)
        return;
    m_searching = searching;
    emit searchingChanged(searching);
}

#pragma once

#include <QListView>
#include <QPersistentModelIndex>
#include <QUrl>

#include <functional>

class QMenu;
class QToolButton;
class TranscriptDelegate;

// Shows a TranscriptModel. It follows new rows while the newest is in view; once the
// user scrolls up it stays where it is, history pages and dropped rows included, and a
// button counts the messages below and jumps down. Resizing never stops it following.
// Copying gives plain lines: the context menu for one row, Ctrl+C for the selection
// (without one's own unsent rows, as the saved transcript). An unsent row's action word is
// clicked like a link; Enter does the same for the current row, Delete discards it.
class TranscriptView final : public QListView
{
    Q_OBJECT

public:
    explicit TranscriptView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    TranscriptDelegate *transcriptDelegate() const { return m_delegate; }

    bool isFollowing() const { return m_following; }
    // Messages added below while scrolled up.
    int unseenCount() const { return m_unseen; }
    QToolButton *newMessagesButton() const { return m_newMessages; }
    // Opens a clicked link; QDesktopServices by default, a mock in tests. Whatever is set,
    // it is only ever handed http(s) addresses.
    using LinkOpener = std::function<bool(const QUrl &)>;
    void setLinkOpener(LinkOpener opener) { m_linkOpener = std::move(opener); }
    // The link under a point of the viewport, empty when there is none.
    QUrl linkAt(const QPoint &pos) const;
    // Whether a point of the viewport is on an unsent row's action (its word or mark).
    bool isUnsentActionAt(const QPoint &pos) const;
    // Jumps to the newest row and follows again.
    void scrollToNewest();

    // What the context menu's entries put on the clipboard, and Ctrl+C for the selection.
    static QString plainText(const QModelIndex &index);
    static QString lineWithNameAndTime(const QModelIndex &index);
    static QString quoted(const QModelIndex &index);
    QString selectedLines() const;
    // The context menu for a row: Copy, Copy with name and time, Quote; for an unsent
    // row also Retry (when the server may take it), Edit and Discard.
    QMenu *createContextMenu(const QModelIndex &index, QWidget *parent);

Q_SIGNALS:
    // Quote in the context menu: "> text" for the input.
    void quoteRequested(const QString &quote);
    // The oldest row is in view, time to page back: the user scrolled to the top, or rows
    // added at the top left nothing to scroll.
    void reachedTop();
    // An unsent row's actions (TranscriptModel::Kind::Unsent), for UnsentMessages.
    void retryRequested(int row);
    void editRequested(int row);
    void discardRequested(int row);

protected:
    void updateGeometries() override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;

private:
    void onScrolled(int value);
    // The row at the top of the view and where it is, so that rows added or dropped
    // above it, or a new width, do not move what the user is reading.
    void keepAnchor();
    // After a layout: at the newest row when following, else at the anchor.
    void restoreScrollPosition();
    void updateNewMessagesButton();
    // The unsent row's own action: Retry, or Edit for a text the server would refuse again.
    void triggerUnsent(const QModelIndex &index);
    void addUnsentActions(QMenu *menu, const QModelIndex &index);

    TranscriptDelegate *m_delegate = nullptr;
    QToolButton *m_newMessages = nullptr;
    bool m_following = true;
    bool m_adjusting = false; // our own scrolling, not the user's
    int m_lastValue = 0; // where the view was last scrolled to, by us or the user
    int m_unseen = 0;
    LinkOpener m_linkOpener;
    QUrl m_pressedLink; // a click opens it only if released on the same link
    QPersistentModelIndex m_pressedAction; // likewise for an unsent row's action
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;
    bool m_anchorPending = false;
    bool m_insertedAtTop = false; // since the last layout
};

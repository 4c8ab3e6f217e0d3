#include "serverlogdelegate.h"

#include <QApplication>
#include <QImage>
#include <QListView>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>

using namespace Qt::StringLiterals;

// The event log's rows as ServerLogDelegate paints them, into an image: the text within
// the row and nowhere else, cut with an ellipsis when it is too long, nothing for an empty
// row. Checks ink, not pixels: fonts differ from machine to machine.
class tst_ServerLogDelegate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void shortLineFitsItsText();
    void longLineStaysInItsRow();
    void emptyRowHasNoText();

private:
    // The row `text` painted at `rect` inside a white image of `size`.
    QImage paint(const QString &text, const QRect &rect, const QSize &size);
    // The columns of `image` (within `rows`) that hold any ink.
    static QList<int> inkedColumns(const QImage &image, int top, int bottom);

    std::unique_ptr<QListView> m_view;
    std::unique_ptr<QStandardItemModel> m_model;
    ServerLogDelegate *m_delegate = nullptr;
};

void tst_ServerLogDelegate::init()
{
    m_model = std::make_unique<QStandardItemModel>(1, 1);
    m_view = std::make_unique<QListView>();
    m_view->setModel(m_model.get());
    m_delegate = new ServerLogDelegate(m_view.get());
    m_view->setItemDelegate(m_delegate);
    QPalette palette = m_view->palette();
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    m_view->setPalette(palette);
}

QImage tst_ServerLogDelegate::paint(const QString &text, const QRect &rect, const QSize &size)
{
    m_model->setData(m_model->index(0, 0), text);
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.initFrom(m_view.get());
    option.widget = m_view.get();
    option.rect = rect;
    option.font = m_view->font();
    option.fontMetrics = QFontMetrics(option.font);
    option.state = QStyle::State_Enabled | QStyle::State_Active;
    m_delegate->paint(&painter, option, m_model->index(0, 0));
    painter.end();
    return image;
}

QList<int> tst_ServerLogDelegate::inkedColumns(const QImage &image, int top, int bottom)
{
    QList<int> columns;
    for (int x = 0; x < image.width(); ++x) {
        for (int y = top; y < bottom; ++y) {
            if (qGray(image.pixel(x, y)) < 160) {
                columns.append(x);
                break;
            }
        }
    }
    return columns;
}

void tst_ServerLogDelegate::shortLineFitsItsText()
{
    const QFontMetrics metrics(m_view->font());
    const int height = metrics.height() + 4;
    const QString text = u"12:00:00  张三说：你好"_s;
    const QRect row(10, 10, 600, height);
    const QImage image = paint(text, row, QSize(640, height + 20));
    const QList<int> ink = inkedColumns(image, 0, image.height());
    QVERIFY(!ink.isEmpty());
    // Where the text is, as wide as it is: shaped and drawn once, not cut, nothing after.
    QVERIFY2(ink.first() >= row.left() && ink.first() < row.left() + 10,
             qPrintable(QString::number(ink.first())));
    const int textEnd = row.left() + 10 + metrics.horizontalAdvance(text);
    QVERIFY2(ink.last() <= textEnd && ink.last() > textEnd - 40,
             qPrintable(u"%1 / %2"_s.arg(ink.last()).arg(textEnd)));
}

void tst_ServerLogDelegate::longLineStaysInItsRow()
{
    const QFontMetrics metrics(m_view->font());
    const int height = metrics.height() + 4;
    const QString text = u"12:00:00  张三说："_s + QString(400, u'W');
    const QRect row(10, 10, 300, height);
    const QImage image = paint(text, row, QSize(640, height + 20));
    const QList<int> ink = inkedColumns(image, 0, image.height());
    QVERIFY(!ink.isEmpty());
    // Up to the row's right edge and no further...
    QVERIFY2(ink.last() <= row.right(), qPrintable(QString::number(ink.last())));
    QVERIFY2(ink.last() > row.right() - 20, qPrintable(QString::number(ink.last())));
    // ...ending in an ellipsis: a gap between the last W and the three dots, which a
    // W cut in half at the edge would not leave.
    const int ellipsisWidth = metrics.horizontalAdvance(QChar(0x2026));
    int gaps = 0;
    for (int x = ink.last() - ellipsisWidth; x < ink.last(); ++x)
        gaps += ink.contains(x) ? 0 : 1;
    QVERIFY2(gaps >= 2, qPrintable(QString::number(gaps)));
}

void tst_ServerLogDelegate::emptyRowHasNoText()
{
    const int height = QFontMetrics(m_view->font()).height() + 4;
    const QImage image = paint(QString(), QRect(10, 10, 300, height), QSize(640, height + 20));
    QVERIFY(inkedColumns(image, 0, image.height()).isEmpty());
}

QTEST_MAIN(tst_ServerLogDelegate)
#include "tst_serverlogdelegate.moc"

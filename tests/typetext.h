#pragma once

#include <QString>
#include <QTest>
#include <QWidget>

// QTest::keyClicks knows only the keys of a US keyboard; Chinese arrives as key events
// that carry text, as an input method's commit does.
inline void typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ArenaPanel</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/feedback/arena.py" line="+205"/>
        <source>%1 and %2 are answering %n prompt(s), one model after the other…</source>
        <translation>
            <numerusform>%1 and %2 are answering %n prompt, one model after the other…</numerusform>
            <numerusform>%1 and %2 are answering %n prompts, one model after the other…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/chat/pane.py" line="+255"/>
        <source>⚠ %n earlier message(s) no longer fit in the model&apos;s context of %1 tokens and were not sent with the last question (change what happens in ⚙ Settings ▸ Too long?).</source>
        <translation>
            <numerusform>⚠ %n earlier message no longer fits in the model&apos;s context of %1 tokens and was not sent with the last question (change what happens in ⚙ Settings ▸ Too long?).</numerusform>
            <numerusform>⚠ %n earlier messages no longer fit in the model&apos;s context of %1 tokens and were not sent with the last question (change what happens in ⚙ Settings ▸ Too long?).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+475"/>
        <source>%n file(s) added to this conversation: they are being read, and replies answer from them once they are.</source>
        <translation>
            <numerusform>%n file added to this conversation: it is being read, and replies answer from it once it is.</numerusform>
            <numerusform>%n files added to this conversation: they are being read, and replies answer from them once they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>The dropped files are read, but %n of them could not be (damaged, empty or of a kind that is not read).</source>
        <translation>
            <numerusform>The dropped files are read, but %n of them could not be (damaged, empty or of a kind that is not read).</numerusform>
            <numerusform>The dropped files are read, but %n of them could not be (damaged, empty or of a kind that is not read).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/docs/page.py" line="+204"/>
        <source>%n file(s) could not be read</source>
        <translation>
            <numerusform>%n file could not be read</numerusform>
            <numerusform>%n files could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n file(s) could not be read:</source>
        <translation>
            <numerusform>%n file could not be read:</numerusform>
            <numerusform>%n files could not be read:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinetunePage</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/finetune/page.py" line="+700"/>
        <source>Early stopping is on for the next run: it stops after %n evaluation(s) without improvement and keeps the best checkpoint.</source>
        <translation>
            <numerusform>Early stopping is on for the next run: it stops after %n evaluation without improvement and keeps the best checkpoint.</numerusform>
            <numerusform>Early stopping is on for the next run: it stops after %n evaluations without improvement and keeps the best checkpoint.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/main_window.py" line="+710"/>
        <source>Imported %n conversation(s) from %1.</source>
        <translation>
            <numerusform>Imported %n conversation from %1.</numerusform>
            <numerusform>Imported %n conversations from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+106"/>
        <source>%Ln character(s) are kept in memory and saved as soon as the history file takes them again.</source>
        <translation>
            <numerusform>%Ln character is kept in memory and saved as soon as the history file takes it again.</numerusform>
            <numerusform>%Ln characters are kept in memory and saved as soon as the history file takes them again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/chat/message_view.py" line="+158"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop_chat/gui/settings_dialog.py" line="+197"/>
        <source>%1 runs in %2 on %3 with %n thread(s). %4</source>
        <translation>
            <numerusform>%1 runs in %2 on %3 with %n thread. %4</numerusform>
            <numerusform>%1 runs in %2 on %3 with %n threads. %4</numerusform>
        </translation>
    </message>
</context>
</TS>

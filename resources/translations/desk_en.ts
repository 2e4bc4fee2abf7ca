<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>CategoriesDialog</name>
        <message numerus="yes">
            <source>Deleted “{name}”; %n article(s) moved to “{target}”.</source>
            <translation>
                <numerusform>Deleted “{name}”; %n article moved to “{target}”.</numerusform>
                <numerusform>Deleted “{name}”; %n articles moved to “{target}”.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ChecklistPanel</name>
        <message numerus="yes">
            <source>%n item(s) blocking publishing,</source>
            <translation>
                <numerusform>%n item blocks publishing,</numerusform>
                <numerusform>%n items block publishing,</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n to look at.</source>
            <translation>
                <numerusform>%n to look at.</numerusform>
                <numerusform>%n to look at.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message numerus="yes">
            <source>{written} written, {unchanged} unchanged, {removed} removed, %n warning(s) ({seconds} s).</source>
            <translation>
                <numerusform>{written} written, {unchanged} unchanged, {removed} removed, %n warning ({seconds} s).</numerusform>
                <numerusform>{written} written, {unchanged} unchanged, {removed} removed, %n warnings ({seconds} s).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FindReplaceBar</name>
        <message numerus="yes">
            <source>%Ln match(es)</source>
            <translation>
                <numerusform>%Ln match</numerusform>
                <numerusform>%Ln matches</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>%Ln article(s)</source>
            <translation>
                <numerusform>%Ln article</numerusform>
                <numerusform>%Ln articles</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln word(s)</source>
            <translation>
                <numerusform>%Ln word</numerusform>
                <numerusform>%Ln words</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln character(s)</source>
            <translation>
                <numerusform>%Ln character</numerusform>
                <numerusform>%Ln characters</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln min read</source>
            <translation>
                <numerusform>%Ln min read</numerusform>
                <numerusform>%Ln min read</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PhotoLibrary</name>
        <message numerus="yes">
            <source>%Ln photo(s)</source>
            <translation>
                <numerusform>%Ln photo</numerusform>
                <numerusform>%Ln photos</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReassignDialog</name>
        <message numerus="yes">
            <source>“{name}” still files %n article(s). Move them to (Enter or double-click):</source>
            <translation>
                <numerusform>“{name}” still files %n article. Move it to (Enter or double-click):</numerusform>
                <numerusform>“{name}” still files %n articles. Move them to (Enter or double-click):</numerusform>
            </translation>
        </message>
    </context>
</TS>

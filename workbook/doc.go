// Package workbook writes the data workbook published with an inspection report: the ratings,
// every key question and prompt for all cases and split by case type, practitioner grade, RoSH
// level, gender and ethnicity, the sample profile and the method, laid out by the UK government
// guidance on releasing statistics in spreadsheets (cover, contents and notes sheets, then one
// real table per sheet read down, numbers as values, percentages rounded as the report prints
// them, charts on sheets of their own). It writes Excel (excelize) and OpenDocument (natively)
// from one layout of each sheet.
//
// It renders figures already counted and disclosure-checked (figures.Published) and never sees
// a case: no case reference, note or answer of a single case can reach the file through it. It
// decides nothing about small numbers or publication: it shows [c] where the figures say a
// figure is hidden, and "not for publication" where they say so.
package workbook

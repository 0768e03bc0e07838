// Package workbook writes the data workbook published with an inspection report: the ratings,
// every key question and prompt for all cases and split by case type, practitioner grade, RoSH
// level, gender and ethnicity, the sample profile and the method, laid out by the UK government
// guidance on releasing statistics in spreadsheets (cover, contents and notes sheets, then one
// real Excel table per sheet, numbers as values, percentages as fractions).
//
// It renders figures already counted and disclosure-checked (figures.Published) and never sees
// a case: no case reference, note or answer of a single case can reach the file through it. It
// decides nothing about small numbers: it shows [c] where the figures say a figure is hidden.
package workbook

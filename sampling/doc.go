// Package sampling draws the sample of cases an inspection reads, from a caseload extract: it
// reads and normalises the extract's rows, keeps the cases that commenced in the chosen weeks
// and are of the chosen types, removes the exclusions (each with its reason), sizes the sample
// for a confidence level and margin of error with the finite population correction, allocates
// it across strata in proportion to the population, draws each stratum from a seeded generator
// with a reserve list, and compares the sample with the population.
//
// It is pure logic: files come in through intake.Rows, and storing the sample is the caller's business.
package sampling

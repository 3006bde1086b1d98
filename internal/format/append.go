package format

import (
	"math"
	"strconv"
	"time"
)

// The Append forms write what Bytes and Time write, into dst, without allocating: a table filter
// draws the size or time of every one of a million rows (vtable.Column.Format).

// AppendBytes appends Bytes(n) to dst: go-humanize's IBytes, reproduced (TestMatchesHumanize)
// so that the binary does not link it (its init compiles a regexp and builds big.Int tables).
func AppendBytes(dst []byte, n int64) []byte {
	switch {
	case n < 0:
		return append(dst, Unknown...)
	case n < 10:
		return append(strconv.AppendInt(dst, n, 10), " B"...)
	}
	e := math.Floor(math.Log(float64(n)) / math.Log(1024))
	val := math.Floor(float64(n)/math.Pow(1024, e)*10+0.5) / 10
	prec := 0
	if val < 10 {
		prec = 1
	}
	dst = strconv.AppendFloat(dst, val, 'f', prec, 64)
	return append(append(dst, ' '), iecUnits[int(e)]...)
}

var iecUnits = [...]string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}

// BytesChars are the ASCII bytes Bytes can write, lower-case (vtable.Column.Chars).
const BytesChars = "0123456789. bkmgtpei"

// AppendUnix appends Time of the Unix time sec to dst, by arithmetic (time.Format costs ten times
// as much).
func AppendUnix(dst []byte, sec int64) []byte {
	days, rem := sec/86400, sec%86400
	if rem < 0 {
		days, rem = days-1, rem+86400
	}
	// The civil date of a day count (Howard Hinnant's civil_from_days).
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	year := yoe + era*400
	if month <= 2 {
		year++
	}
	if year <= 1 || year > 9999 { // year 1 holds the zero time, which Time calls unknown
		return append(dst, Time(time.Unix(sec, 0))...)
	}
	two := func(dst []byte, v int64) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }
	dst = two(two(dst, year/100), year%100)
	dst = two(append(dst, '-'), month)
	dst = two(append(dst, '-'), day)
	dst = two(append(dst, ' '), rem/3600)
	dst = two(append(dst, ':'), rem/60%60)
	return two(append(dst, ':'), rem%60)
}

// TimeChars are the ASCII bytes Time can write (vtable.Column.Chars).
const TimeChars = "0123456789-: "

# ingest.jq: fb-ingest's record checks and normalisation in jq, as the baseline for
# scripts/bench/ingest. Rules mirror lib/fb/record.cpp and lib/fb/dates.cpp (stream mode, NDJSON
# input, default --tz UTC, no --dedupe).
#
# Usage (raw lines in, so one bad line does not end the run, as with fb-ingest):
#   jq -R -c -f scripts/bench/ingest.jq input.ndjson > out.ndjson
#
# Output: one line per non-blank input line, either
#   - the normalised record (a JSON object), or
#   - {"_reject":{"line":N,"error":"...","input":"<the raw line>"}}
# so valid records are   grep -v '^{"_reject":' out.ndjson   (or: jq -c 'select(has("_reject")|not)')
# and the rejects are    grep    '^{"_reject":' out.ndjson
# A valid input record whose *first* key is literally "_reject" would be counted as a reject by
# that grep; fb-gen never writes such a key.
#
# What it does like fb-ingest:
#   - InvoiceNo, CustomerID: a number that is whole and in 1..9007199254740991 (5.0 and 1E2 are
#     accepted and written as 5 and 100), or a string that, trimmed, is 1..16 ASCII digits with a
#     value in that range ("00017850" -> 17850). Anything else (null, bool, "1e3", "-17") rejects.
#   - MeioEnvio, Description: required strings, non-empty after trimming; Description at most
#     4096 code points after trimming. City, Country: optional, string or null. Strings trimmed.
#   - Trimming: ASCII space \t \n \r \f \v at both ends, then runs of U+00A0 at the front, then at
#     the back (the same order as fb::trim, so "\u00a0 x" becomes " x" in both).
#   - InvoiceDate (a string, trimmed of spaces and tabs only): yyyy-mm-dd[T|t| ]HH:MM[:SS] or
#     dd-mm-yyyy HH:MM[:SS], optional .fraction or ,fraction (any number of digits, the first 9
#     kept), optional Z, z, +hh, +hhmm, +hh:mm (and "+hh:", which fb::parse_offset also accepts).
#     Calendar checked with arithmetic (31-02-2024, 29-02-2023, hour 24, second 60 rejected), year
#     >= 1, offset hours <= 23, minutes <= 59. Written as RFC 3339 UTC: 2024-03-04T12:19:00Z, with
#     the fraction's digits kept (at most 9). Zone-less dates are taken as UTC (fb-ingest's default
#     --tz; other --tz values are not modelled).
#   - Blank lines (only space, tab, CR, FF, VT) are skipped, not rejected; lines longer than
#     1 MiB (fb-ingest's default --max-line-bytes) are rejected; non-objects are rejected.
#   - Key order is kept and unknown fields pass through.
#
# What jq cannot do identically (none of it occurs in fb-gen output):
#   - Numbers: jq 1.6 holds every number as a double, so unknown fields' numbers are rewritten
#     (1.0 -> 1, 1e2 -> 100, 12345678901234567890 -> 12345678901234567000) where fb-ingest copies
#     the bytes. Ids are exact up to 2^53-1, which is the accepted range, so checks agree.
#   - Strings are re-encoded by jq (escapes like \u00e9 become raw UTF-8, DEL becomes \u007f);
#     fb-ingest copies untouched values byte for byte. Compare the two outputs after `jq -S -c .`.
#   - JSON validity: jq 1.6 accepts duplicate keys (last wins; fb-ingest rejects), numbers with
#     leading zeros (01), nan/NaN literals, invalid UTF-8 (replaced by U+FFFD; fb-ingest rejects
#     the line) and nesting deeper than 512 (fb-ingest rejects; jq's own limit is 10000). A UTF-8
#     BOM on the first line is skipped by both.
#   - jq 1.6 -R reads lines in 4096-byte pieces and turns a multibyte character cut by a piece
#     boundary into two U+FFFD (https://github.com/jqlang/jq/issues/2259). Lines longer than 4 KiB
#     with non-ASCII text can therefore come out corrupted, or fail the 4096-character Description
#     limit, where fb-ingest is right. fb-gen lines are about 300 bytes.
#   - Line lengths over 1 MiB are measured after jq replaced invalid bytes, and with a trailing CR.
#   - Reject reasons are shorter and not worded exactly like fb-ingest's rejects file, and the
#     reject shape differs ({"_reject":{...}} here, {"tool","file","line","error","input"} there).
#   - Year 9999 with a negative offset: fb-ingest writes a 5-digit year (10000-...), so does this.
#   - --dedupe, --tz, CSV input and HTTP mode are not modelled.

def _blank: {" ": true, "\t": true, "\n": true, "\r": true, "\f": true, "\u000b": true, "\u00a0": true};

# fb::trim. Fast path: only run the regexes when the first or last character is a blank.
def fb_trim:
  if _blank[.[:1]] or _blank[.[-1:]] then
    sub("\\A[ \\t\\n\\r\\f\u000b]+"; "")
    | sub("[ \\t\\n\\r\\f\u000b]+\\z"; "")
    | sub("\\A(?:\u00a0)+"; "")
    | sub("(?:\u00a0)+\\z"; "")
  else . end;

def _max_id: 9007199254740991;

# Each field check returns {v: new value} or {e: "reason"}.
def _id:
  if type == "number" then
    if . != floor then {e: "must be a whole number, got \(tojson)"}
    elif . <= 0 then {e: "must be greater than 0, got \(tojson)"}
    elif . > _max_id then {e: "must be at most \(_max_id), got \(tojson)"}
    else {v: .} end
  elif type == "string" then
    fb_trim as $d
    | if $d == "" then {e: "must not be empty"}
      elif ($d | test("\\A[0-9]{1,16}\\z")) then
        ($d | tonumber)
        | if . <= 0 then {e: "must be greater than 0, got \($d | tojson)"}
          elif . > _max_id then {e: "must be at most \(_max_id), got \($d | tojson)"}
          else {v: .} end
      else {e: "must be a positive integer, got \(tojson)"} end
  else {e: "must be an integer, got \(type)"} end;

def _text($required; $max):
  if type == "string" then
    fb_trim as $d
    | if $d == "" and $required then {e: (if . == "" then "must not be empty" else "must not be blank" end)}
      elif $max > 0 and ($d | utf8bytelength) > $max and ($d | length) > $max then
        {e: "must have at most \($max) characters, got \($d | length)"}
      else {v: $d} end
  elif type == "null" then
    if $required then {e: "must be a string, got null"} else {v: null} end
  else {e: "must be a string, got \(type)"} end;

def _leap($y): ($y % 4 == 0 and $y % 100 != 0) or $y % 400 == 0;
def _days_in_month($y; $m):
  if $m == 2 then (if _leap($y) then 29 else 28 end)
  else [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][$m - 1] end;

# Howard Hinnant's days_from_civil / civil_from_days, as in lib/fb/dates.cpp (floor division).
def _days_from_civil($y0; $m; $d):
  ($y0 - (if $m <= 2 then 1 else 0 end)) as $y
  | (($y / 400) | floor) as $era
  | ($y - $era * 400) as $yoe
  | (((153 * ($m + (if $m > 2 then -3 else 9 end)) + 2) / 5 | floor) + $d - 1) as $doy
  | ($yoe * 365 + ($yoe / 4 | floor) - ($yoe / 100 | floor) + $doy) as $doe
  | $era * 146097 + $doe - 719468;
def _civil_from_days($z0):
  ($z0 + 719468) as $z
  | (($z / 146097) | floor) as $era
  | ($z - $era * 146097) as $doe
  | (($doe - ($doe / 1460 | floor) + ($doe / 36524 | floor) - ($doe / 146096 | floor)) / 365 | floor) as $yoe
  | ($doe - (365 * $yoe + ($yoe / 4 | floor) - ($yoe / 100 | floor))) as $doy
  | ((5 * $doy + 2) / 153 | floor) as $mp
  | ($doy - ((153 * $mp + 2) / 5 | floor) + 1) as $d
  | (if $mp < 10 then $mp + 3 else $mp - 9 end) as $m
  | [$yoe + $era * 400 + (if $m <= 2 then 1 else 0 end), $m, $d];
def _pad($n): tostring | ("0" * ($n - length)) + .;  # "0" * 0 is null in jq 1.6; null + s = s

# The date's parts as strings [yyyy, mm, dd, HH, MM, SS|null, fraction|null, zone|null], or [] when
# the text has none of the accepted forms. fb-gen's two forms take a cheaper path than the general
# regex (jq 1.6 builds match objects slowly); both paths accept exactly what fb::parse_date does.
def _date_re:
  "\\A[ \\t]*(?:([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]|([0-9]{2})-([0-9]{2})-([0-9]{4}) )"
  + "([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:[.,]([0-9]+))?(Z|z|[+-][0-9]{2}(?::?[0-9]{2}|:)?)?[ \\t]*\\z";
def _date_parts:
  if length == 19 and test("\\A[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\\z") then
    [.[6:10], .[3:5], .[0:2], .[11:13], .[14:16], .[17:19], null, null]
  elif length == 20 and test("\\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\\z") then
    [.[0:4], .[5:7], .[8:10], .[11:13], .[14:16], .[17:19], null, "Z"]
  else
    [match(_date_re).captures[].string]
    | if . == [] then . else [.[0] // .[5], .[1] // .[4], .[2] // .[3], .[6], .[7], .[8], .[9], .[10]] end
  end;
def _unknown_date: "unparseable \(tojson): unknown date format (expected dd-mm-yyyy HH:MM:SS, yyyy-mm-dd HH:MM:SS or RFC 3339)";

def _date:
  if type != "string" then {e: "must be a date string, got \(type)"}
  else
    . as $s
    | _date_parts as $c
    | if $c == [] then {e: _unknown_date}
      else
        $c[0] as $Y | $c[1] as $M | $c[2] as $D
        | ($Y | tonumber) as $y | ($M | tonumber) as $mo | ($D | tonumber) as $d
        | ($c[3] | tonumber) as $hh | ($c[4] | tonumber) as $mi | (($c[5] // "0") | tonumber) as $ss
        | (if $c[6] then "." + $c[6][:9] else "" end) as $frac
        | $c[7] as $zone
        | if $mo < 1 or $mo > 12 then {e: "unparseable \($s | tojson): month \($mo) out of range"}
          elif $y < 1 or $d < 1 or $d > _days_in_month($y; $mo) then
            {e: "unparseable \($s | tojson): day \($d) does not exist in \($Y)-\($M)"}
          elif $hh > 23 or $mi > 59 or $ss > 59 then {e: "unparseable \($s | tojson): time of day out of range"}
          elif $zone == null or $zone == "Z" or $zone == "z" then
            {v: "\($Y)-\($M)-\($D)T\($c[3]):\($c[4]):\($c[5] // "00")\($frac)Z"}
          else
            ($zone[1:3] | tonumber) as $oh
            | ($zone[3:] | ltrimstr(":") | if . == "" then 0 else tonumber end) as $om
            | if $oh > 23 or $om > 59 then {e: _unknown_date}
              else
                ((($oh * 3600 + $om * 60)) * (if $zone[:1] == "-" then -1 else 1 end)) as $off
                | (_days_from_civil($y; $mo; $d) * 86400 + $hh * 3600 + $mi * 60 + $ss - $off) as $t
                | (($t / 86400) | floor) as $days
                | ($t - $days * 86400) as $secs
                | _civil_from_days($days) as [$ny, $nm, $nd]
                | {v: "\($ny | _pad(4))-\($nm | _pad(2))-\($nd | _pad(2))T\(($secs / 3600 | floor) | _pad(2)):\(($secs / 60 | floor) % 60 | _pad(2)):\($secs % 60 | _pad(2))\($frac)Z"}
              end
          end
      end
  end;

# One field: {r: record so far, e: [errors]} -> the same with $k checked ($x: its check's result).
def _apply($k; $old; $x):
  if $x.e then .e += ["\($k): \($x.e)"]
  elif $x.v != $old then .r[$k] = $x.v
  else . end;
def _required($k; $rec; f):
  if $rec | has($k) then _apply($k; $rec[$k]; $rec[$k] | f) else .e += ["\($k): required field missing"] end;
def _optional($k; $rec; f):
  if $rec | has($k) then _apply($k; $rec[$k]; $rec[$k] | f) else . end;

def normalise:
  . as $rec
  | {r: $rec, e: []}
  | _required("InvoiceNo"; $rec; _id)
  | _required("CustomerID"; $rec; _id)
  | _required("MeioEnvio"; $rec; _text(true; 0))
  | _required("Description"; $rec; _text(true; 4096))
  | _required("InvoiceDate"; $rec; _date)
  | _optional("City"; $rec; _text(false; 0))
  | _optional("Country"; $rec; _text(false; 0));

def reject($why; $line): {_reject: {line: input_line_number, error: $why, input: $line}};

# Main: one raw line in, one record or reject out (nothing for a blank line).
. as $line
| if utf8bytelength > 1048576 then
    reject("line of \(utf8bytelength) bytes is longer than --max-line-bytes 1048576"; $line)
  else
    (try {ok: fromjson} catch {err: .}) as $p
    | if $p.err then
        if $line | test("\\A[ \\t\\r\\f\u000b]*\\z") then empty
        else reject("invalid JSON: \($p.err)"; $line) end
      elif ($p.ok | type) != "object" then
        reject("expected a JSON object, got \($p.ok | type)"; $line)
      else
        $p.ok | normalise
        | if .e == [] then .r else reject(.e | join("; "); $line) end
      end
  end

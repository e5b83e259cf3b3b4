//! `days-since-last` and `days-since-first`: days from the latest (or the
//! earliest) of an account's rows to the as-of date. One primitive read from
//! either end of the account's dated rows.

use super::{FoldRow, Parts, Primitive, Sql, Unfit, Words, write_plural};
use crate::metrics::{Evidence, MetricValue};
use crate::warehouse::query::{Query, Res};

/// Days since the account's last row, or its first when `FIRST`.
#[derive(Debug, Clone)]
pub struct DaysSince<const FIRST: bool>;

impl<const FIRST: bool> DaysSince<FIRST> {
    /// How the end read is named in wording and in the query's columns.
    const END: (&'static str, &'static str) = if FIRST {
        ("earliest", "first_day")
    } else {
        ("latest", "last_day")
    };
}

impl<const FIRST: bool> Primitive for DaysSince<FIRST> {
    const NAME: &'static str = if FIRST {
        "days-since-first"
    } else {
        "days-since-last"
    };
    type State = ();

    fn compile(_: &mut Parts) -> Result<Self, Unfit> {
        Ok(Self)
    }

    fn dated(&self) -> bool {
        true
    }

    #[inline]
    fn fold<R: FoldRow>(&self, _: &mut R, ev: &mut Evidence, _: &mut ()) -> bool {
        ev.count += 1;
        true
    }

    fn finish(&self, _: &(), as_of_day: i64, out: &mut MetricValue) {
        let end = if FIRST { out.first_day } else { out.last_day };
        out.value = end.map(|d| (as_of_day - d) as f64);
    }

    fn describe(&self, w: &Words) -> String {
        format!("days since the {} {} of {}", Self::END.0, w.date, w.rows)
    }

    fn write_value(&self, out: &mut String, v: f64) {
        write_plural(out, v, "day");
    }

    fn sql_rows(&self, _: &Query, _: &mut Sql) -> Res<()> {
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!(
            "CAST({} - {g}.{} AS {})",
            q.as_of,
            Self::END.1,
            q.d.double_type()
        )
    }
}

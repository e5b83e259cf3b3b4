//! `days-since-last`: days from the latest row to the as-of date.

use super::{FoldRow, Parts, Primitive, Sql, Unfit, Words, write_plural};
use crate::metrics::{Evidence, MetricValue};
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct DaysSinceLast;

impl Primitive for DaysSinceLast {
    const NAME: &'static str = "days-since-last";
    type State = ();

    fn compile(_: &mut Parts) -> Result<Self, Unfit> {
        Ok(DaysSinceLast)
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
        out.value = out.last_day.map(|d| (as_of_day - d) as f64);
    }

    fn describe(&self, w: &Words) -> String {
        format!("days since the latest {} of {}", w.date, w.rows)
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
        format!("CAST({} - {g}.last_day AS {})", q.as_of, q.d.double_type())
    }
}

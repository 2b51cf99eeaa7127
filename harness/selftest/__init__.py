"""`harness selftest`: a probe app with known calls run through the whole protocol on a device,
and a verdict of what arrived (issue #17)."""

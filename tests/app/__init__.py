"""Tests of the teaching dashboard (``promosim app``)."""

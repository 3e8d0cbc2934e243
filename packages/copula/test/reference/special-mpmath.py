# Known answers for src/special.ts, computed independently with mpmath at 40 significant digits
# (python3 test/reference/special-mpmath.py > test/reference/special-mpmath.json).
import json
from mpmath import mp, mpf, ncdf, gammainc, betainc
mp.dps = 40
_mpf = mpf
# Arguments are the doubles the tests pass (mpf of the decimal string would differ in the last bits, which matters
# for 1 - p near 1).
def mpf(x): return _mpf(float(x)) if isinstance(x, str) else _mpf(x)
out = []
# Quantiles: the root of cdf(x) = p by bisection at 40 digits (the cdf is increasing).
def root(f, lo, hi):
    lo, hi = mpf(lo), mpf(hi)
    for _ in range(400):
        mid = (lo + hi) / 2
        if f(mid) < 0: lo = mid
        else: hi = mid
    return (lo + hi) / 2
def add(fn, args, value): out.append({'fn': fn, 'args': [float(a) for a in args], 'value': float(value)})
for z in ['-30', '-8', '-3', '-1', '-0.1', '0', '0.5', '2', '5', '8']:
    add('phi', [mpf(z)], ncdf(mpf(z)))
for p in ['1e-300', '1e-20', '1e-6', '0.01', '0.3', '0.5', '0.7', '0.99', '0.999999']:
    add('phiInverse', [mpf(p)], root(lambda x: ncdf(x) - mpf(p), -40, 40))
def gcdf(x, k, s): return gammainc(k, 0, x / s, regularized=True)
def bcdf(x, a, b): return betainc(a, b, 0, x, regularized=True)
def tcdf(x, v):
    x, v = mpf(x), mpf(v)
    tail = betainc(v / 2, mpf(1) / 2, 0, v / (v + x * x), regularized=True) / 2
    return 1 - tail if x > 0 else tail
for (x, k, s) in [('0.5', '0.5', '1'), ('1', '1', '1'), ('3', '2.5', '1.5'), ('0.01', '0.2', '3'), ('40', '30', '1'), ('120', '100', '1.1')]:
    add('gammaCdf', [mpf(x), mpf(k), mpf(s)], gcdf(mpf(x), mpf(k), mpf(s)))
for (x, a, b) in [('0.5', '2', '3'), ('0.1', '0.5', '0.5'), ('0.9', '5', '1.5'), ('0.001', '0.3', '4'), ('0.7', '50', '20')]:
    add('betaCdf', [mpf(x), mpf(a), mpf(b)], bcdf(mpf(x), mpf(a), mpf(b)))
for (x, v) in [('-3', '1'), ('0.5', '2'), ('2', '5'), ('-1.5', '10'), ('4', '30'), ('0', '3')]:
    add('tCdf', [mpf(x), mpf(v)], tcdf(x, v))
for (p, k, s) in [('0.05', '0.5', '1'), ('0.5', '2.5', '1.5'), ('0.99', '30', '1'), ('0.001', '0.2', '3')]:
    p, k, s = mpf(p), mpf(k), mpf(s)
    add('gammaQuantile', [p, k, s], root(lambda x: gcdf(x, k, s) - p, 0, 10 * k * s + 100))
for (p, a, b) in [('0.05', '2', '3'), ('0.5', '0.5', '0.5'), ('0.99', '5', '1.5'), ('0.3', '50', '20')]:
    p, a, b = mpf(p), mpf(a), mpf(b)
    add('betaQuantile', [p, a, b], root(lambda x: bcdf(x, a, b) - p, 0, 1))
for (p, v) in [('0.025', '1'), ('0.9', '2'), ('0.999', '5'), ('0.3', '30')]:
    p, v = mpf(p), mpf(v)
    add('tQuantile', [p, v], root(lambda x: tcdf(x, v) - p, -1000, 1000))
print(json.dumps(out, indent=1))

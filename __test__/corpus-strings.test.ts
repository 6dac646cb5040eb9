// python-Levenshtein 0.12.2's _levenshtein (scripts/corpus.py's
// `python-Levenshtein` member), compiled unchanged against pybuffer's
// headers and called from JS: it reads JS strings through the deprecated
// Py_UNICODE API (their wchar_t form, made and cached per str) and builds
// its results with PyUnicode_FromUnicode. Expected values are its
// docstrings' doctests; every function also runs async. Skipped, with a log
// line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import { bytes, type Extension, type ExtensionFunction, loadExtension, type PyTuple, tuple } from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus([['python-Levenshtein', '_levenshtein']] as const, 'corpus-strings')
})

test.after.always((t) => removeCorpus(t.context))

type Text = string | Buffer
type EditOp = [string, number, number]
type OpCode = [string, number, number, number, number]
/** Edit operations as the extension wants them back: a list of tuples. */
type Ops = PyTuple[]

interface Levenshtein {
  distance: ExtensionFunction<[a: Text, b: Text], number>
  ratio: ExtensionFunction<[a: Text, b: Text], number>
  hamming: ExtensionFunction<[a: Text, b: Text], number>
  jaro: ExtensionFunction<[a: Text, b: Text], number>
  jaro_winkler: ExtensionFunction<[a: Text, b: Text, prefixWeight?: number], number>
  median: ExtensionFunction<[strings: Text[], weights?: number[]], Text>
  median_improve: ExtensionFunction<[start: Text, strings: Text[]], Text>
  quickmedian: ExtensionFunction<[strings: Text[]], Text>
  setmedian: ExtensionFunction<[strings: Text[]], Text>
  seqratio: ExtensionFunction<[a: Text[], b: Text[]], number>
  editops: ExtensionFunction<[a: Text, b: Text], EditOp[]>
  opcodes: ExtensionFunction<[a: Text, b: Text], OpCode[]>
  inverse: ExtensionFunction<[ops: Ops], EditOp[] | OpCode[]>
  apply_edit: ExtensionFunction<[ops: Ops, a: Text, b: Text], Text>
  matching_blocks: ExtensionFunction<[ops: Ops, a: Text | number, b: Text | number], Array<[number, number, number]>>
}

/** JS arrays of operations back into Python's list of tuples. */
const ops = (list: Array<EditOp | OpCode>): Ops => list.map((op) => tuple(op))

function load(t: { context: CorpusBuild; log: (m: string) => void }): Extension<Levenshtein> | null {
  const so = t.context.so._levenshtein
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    return null
  }
  return loadExtension<Levenshtein>(so, '_levenshtein')
}

test('python-Levenshtein: distances and similarities of JS strings, bytes, non-BMP text', async (t) => {
  const m = load(t)
  if (m === null) return t.pass()
  t.is(m.distance('Levenshtein', 'Lenvinsten'), 4)
  t.is(m.distance('Levenshtein', 'Levensthein'), 2)
  t.is(m.distance('Levenshtein', 'Levenshten'), 1)
  t.is(m.distance('Levenshtein', 'Levenshtein'), 0)
  t.is(m.distance(bytes(Buffer.from('Levenshtein')), bytes(Buffer.from('Lenvinsten'))), 4)
  // Code points, as in Python: each emoji is one (two UTF-16 units in JS).
  t.is(m.distance('🍣 sushi', '🍙 sushi'), 1)
  t.is(m.distance('naïve café', 'naive cafe'), 2)
  t.is(m.ratio('Brian', 'Jesus'), 0)
  t.true(Math.abs(m.ratio('Hello world!', 'Holly grail!') - 0.583333) < 1e-6)
  t.is(m.hamming('Hello world!', 'Holly grail!'), 7)
  t.throws(() => m.hamming('abc', 'ab'), { instanceOf: RangeError, message: 'hamming expected two unicodes of the same length' })
  t.true(Math.abs(m.jaro('Thorkel', 'Thorgier') - 0.779761) < 1e-6)
  t.true(Math.abs(m.jaro_winkler('Dinsdale', 'D') - 0.7375) < 1e-9)
  t.is(m.jaro_winkler('Thorkel', 'Thorgier', 0.25), 1)
  t.throws(() => m.distance('a', bytes(Buffer.from('b'))), {
    instanceOf: TypeError,
    message: 'distance expected two Strings or two Unicodes',
  })
  const long = 'the quick brown fox '.repeat(200)
  t.is(await m.distance.async(long, long.replace(/o/g, '0')), m.distance(long, long.replace(/o/g, '0')))
})

test('python-Levenshtein: medians and edit operations round-trip through JS arrays', async (t) => {
  const m = load(t)
  if (m === null) return t.pass()
  const fixme = ['Levnhtein', 'Leveshein', 'Leenshten', 'Leveshtei', 'Lenshtein', 'Lvenstein', 'Levenhtin', 'evenshtei']
  t.is(m.median(['SpSm', 'mpamm', 'Spam', 'Spa', 'Sua', 'hSam']), 'Spam')
  t.is(m.median(fixme), 'Levenshtein')
  t.is(m.median_improve(m.median_improve('spam', fixme), fixme), 'Levenshtein')
  t.is(m.quickmedian(fixme), 'Levnshein')
  t.is(m.setmedian(['ehee', 'cceaes', 'chees', 'chreesc', 'chees', 'cheesee', 'cseese', 'chetese']), 'chees')
  t.is(m.seqratio(['newspaper', 'litter bin', 'tinny', 'antelope'], ['caribou', 'sausage', 'gorn', 'woody']), 0.21517857142857144)
  t.is(m.median(['🍣a', '🍣b', '🍣a']), '🍣a')
  const spamPark = m.editops('spam', 'park')
  t.deepEqual(spamPark, [
    ['delete', 0, 0],
    ['insert', 3, 2],
    ['replace', 3, 3],
  ])
  t.deepEqual(m.inverse(ops(spamPark)), m.editops('park', 'spam'))
  const e = m.editops('man', 'scotsman')
  t.is(m.apply_edit(ops(e), 'man', 'scotsman'), 'scotsman')
  t.is(m.apply_edit(ops(e.slice(0, 3)), 'man', 'scotsman'), 'scoman')
  const codes = m.opcodes('spam and eggs', 'foo and bar')
  t.is(m.apply_edit(ops(m.inverse(ops(codes))), 'foo and bar', 'spam and eggs'), 'spam and eggs')
  t.deepEqual(m.matching_blocks(ops(spamPark), 'spam', 'park'), [
    [1, 0, 2],
    [4, 4, 0],
  ])
  t.throws(() => m.inverse(spamPark as unknown as Ops), { instanceOf: TypeError, message: 'inverse expected a list of edit operations' })
  t.throws(() => m.apply_edit(ops([['delete', 5, 5]]), 'a', 'b'), {
    instanceOf: RangeError,
    message: 'apply_edit edit operations are invalid or inapplicable',
  })
  t.is(await m.median.async(fixme), 'Levenshtein')
})

/**
 * The cooking names the benchmarks fill tables with: a style and a dish (`本格生姜焼き`), so a
 * typical search matches about one row in 30 and `本格` one in 10, as in a real collection.
 */
const DISHES = [
  '肉じゃが',
  'カレーライス',
  '親子丼',
  '豚の生姜焼き',
  '鶏の唐揚げ',
  '味噌汁',
  '焼き魚',
  'ハンバーグ',
  'オムライス',
  '天ぷら',
  '寿司',
  'ラーメン',
  'うどん',
  'そば',
  '餃子',
  '麻婆豆腐',
  'チャーハン',
  'サラダ',
  'グラタン',
  'シチュー',
  'パスタ',
  'ピザ',
  '茶碗蒸し',
  'すき焼き',
  'しゃぶしゃぶ',
  'お好み焼き',
  'たこ焼き',
  'おでん',
  '筑前煮',
  'きんぴらごぼう',
];
const STYLES = ['', '母の', '簡単', '本格', '野菜たっぷり', '時短', '絶品', 'ヘルシー', '基本の', '特製'];

/** The name of the i-th row: every dish in turn, each style in turn per pass. */
export function nameOf(i: number): string {
  return `${STYLES[Math.floor(i / DISHES.length) % STYLES.length]}${DISHES[i % DISHES.length]}`;
}

import { Entity, ManyToOne, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { Cooking } from './cooking.entity.js';

/**
 * The name search index: every single character and every pair of adjacent characters of each
 * cooking's name, pointing at the cooking. A search for `q` walks the postings of one gram of
 * `q` in id order and confirms each candidate with the LIKE it used to scan the table with
 * (docs/search.md). Japanese has no spaces between words, so word-based FULLTEXT does not fit;
 * this table works alike on MySQL 8 and MariaDB, without a plugin, and in the name column's
 * collation, so a gram matches what LIKE would. Its rows are written after the write of the
 * name commits (name-index/name-indexer.ts).
 */
@Entity({ tableName: 'cooking_name_grams', comment: '料理名の検索索引 (1〜2文字)' })
export class CookingNameGram {
  @PrimaryKey({ type: 'string', length: 2, comment: '1〜2文字' })
  gram!: string;

  @ManyToOne(() => Cooking, { primary: true, deleteRule: 'cascade', updateRule: 'cascade' })
  cooking!: Cooking;
}

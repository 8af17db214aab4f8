import type { Cooking } from '../cooking.entity.js';

export class CookingResponseDto {
  id!: number;
  name!: string;
  category!: string | null;
  description!: string | null;
  createdAt!: string;
  updatedAt!: string;

  static from(cooking: Cooking): CookingResponseDto {
    return {
      id: cooking.id,
      name: cooking.name,
      category: cooking.category ?? null,
      description: cooking.description ?? null,
      createdAt: cooking.createdAt.toISOString(),
      updatedAt: cooking.updatedAt.toISOString(),
    };
  }
}

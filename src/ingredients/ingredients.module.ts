import { Module } from '@nestjs/common';
import { CookingIngredientController } from './cooking-ingredient.controller.js';
import { CookingIngredientRepository } from './cooking-ingredient.repository.js';
import { CookingIngredientService } from './cooking-ingredient.service.js';
import { IngredientController } from './ingredient.controller.js';
import { IngredientRepository } from './ingredient.repository.js';
import { IngredientService } from './ingredient.service.js';

@Module({
  controllers: [IngredientController, CookingIngredientController],
  providers: [IngredientService, IngredientRepository, CookingIngredientService, CookingIngredientRepository],
})
export class IngredientsModule {}

import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CookingIngredient } from './cooking-ingredient.entity.js';
import { CookingIngredientController } from './cooking-ingredient.controller.js';
import { CookingIngredientService } from './cooking-ingredient.service.js';
import { IngredientController } from './ingredient.controller.js';
import { Ingredient } from './ingredient.entity.js';
import { IngredientService } from './ingredient.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Ingredient, CookingIngredient])],
  controllers: [IngredientController, CookingIngredientController],
  providers: [IngredientService, CookingIngredientService],
})
export class IngredientsModule {}

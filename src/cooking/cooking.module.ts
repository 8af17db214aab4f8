import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Cooking } from './cooking.entity.js';
import { CookingController } from './cooking.controller.js';
import { CookingService } from './cooking.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Cooking])],
  controllers: [CookingController],
  providers: [CookingService],
  exports: [CookingService],
})
export class CookingModule {}

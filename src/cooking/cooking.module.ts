import { Module } from '@nestjs/common';
import { CookingController } from './cooking.controller.js';
import { CookingRepository } from './cooking.repository.js';
import { CookingService } from './cooking.service.js';

@Module({
  controllers: [CookingController],
  providers: [CookingService, CookingRepository],
})
export class CookingModule {}

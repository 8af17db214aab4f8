import { Module } from '@nestjs/common';
import { CookingController } from './cooking.controller.js';
import { CookingRepository } from './cooking.repository.js';
import { CookingService } from './cooking.service.js';
import { NameIndexer } from './name-index/name-indexer.js';

@Module({
  controllers: [CookingController],
  providers: [CookingService, CookingRepository, NameIndexer],
})
export class CookingModule {}

import { Module } from '@nestjs/common';
import { auditKeyProvider } from './audit-key.provider';
import { AuditController } from './audit.controller';
import { CheckpointService } from './checkpoint.service';

@Module({
  providers: [auditKeyProvider, CheckpointService],
  controllers: [AuditController],
  exports: [CheckpointService],
})
export class AuditModule {}
